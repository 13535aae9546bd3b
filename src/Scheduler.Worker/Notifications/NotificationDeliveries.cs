using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Notifications;

/// <summary>
/// The webhook deliveries a notification run has made, kept in Redis per run id: a retry of the run (the task's own,
/// or a sequence step's) reads them and posts only to the channels not yet reached. A delivery is noted once its
/// receiver answered with success; one whose answer was lost is sent again, with the same idempotency key.
/// </summary>
internal sealed class NotificationDeliveries(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>As long as the run's own ledger lives: no retry of the run comes after that.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(7);

    /// <summary>The deliveries (<see cref="Member"/>s) already made for run <paramref name="runId"/>.</summary>
    public async Task<IReadOnlySet<string>> ReadAsync(string runId)
    {
        var members = await redis.GetDatabase().SetMembersAsync(keys.Notified(runId));
        return members.Select(m => m.ToString()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Notes that <paramref name="member"/> of run <paramref name="runId"/> was delivered; safe to repeat.</summary>
    /// <remarks>
    /// A script, not MULTI/EXEC: a Redis refusing writes (NOREPLICAS, OOM, READONLY) then says so, and the caller can wait
    /// for it, where a transaction would only answer EXECABORT.
    /// </remarks>
    public Task RememberAsync(string runId, string member) =>
        redis.GetDatabase().ScriptEvaluateAsync(Remember, [keys.Notified(runId)], [member, (long)Kept.TotalSeconds]);

    private const string Remember = """
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
        """;

    /// <summary>
    /// One delivery's name within its run: the channel (case-insensitive, so lower-cased), under the sequence step's
    /// path when the notification is a step, since two steps of one run may notify the same channel.
    /// </summary>
    public static string Member(string? stepPath, string channel) =>
        stepPath is null ? channel.ToLowerInvariant() : $"{stepPath}/{channel.ToLowerInvariant()}";

    /// <summary>The <c>Idempotency-Key</c> a receiver sees: the same on every try of one delivery, different for any other.</summary>
    public static string IdempotencyKey(string runId, string member) => $"{runId}/{member}";
}
