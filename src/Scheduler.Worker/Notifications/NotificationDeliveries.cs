using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Notifications;

/// <summary>
/// The deliveries a notification run has made, kept in Redis per run id: a retry of the run (the task's own, or a
/// sequence step's) reads them and delivers only to the channels not yet reached. A webhook delivery is noted once its
/// receiver answered with success; one whose answer was lost is sent again, with the same idempotency key. The
/// <c>events</c> channel's event is published and noted in one step, so it is published once per run.
/// </summary>
internal sealed class NotificationDeliveries(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
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
    /// Appends event <paramref name="type"/> of task <paramref name="taskId"/> with <paramref name="data"/> to the event
    /// stream unless run <paramref name="runId"/> already delivered <paramref name="member"/>, noting it in the same step
    /// (so a repeat of this call publishes nothing more). Returns the deliveries the run had made before, as
    /// <see cref="ReadAsync"/> would.
    /// </summary>
    public async Task<IReadOnlySet<string>> PublishOnceAsync(string runId, string member, string type, string taskId,
        IReadOnlyList<KeyValuePair<string, string>> data)
    {
        var args = new List<RedisValue> { member, (long)Kept.TotalSeconds, type, taskId, time.GetUtcNow().ToUnixTimeMilliseconds() };
        foreach (var (name, value) in data) { args.Add(name); args.Add(value); }
        var earlier = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(PublishOnce, [keys.Notified(runId), keys.Events], [.. args]))!;
        return earlier.Select(m => (string)m!).ToHashSet(StringComparer.Ordinal);
    }

    // KEYS: the run's deliveries, the event stream. ARGV: member, seconds kept, event type, task id, at ms, then the
    // event's field/value pairs. Returns the members noted before.
    private static readonly string PublishOnce = $"""
        {StoreScripts.EmitEvent}
        local earlier = redis.call('SMEMBERS', KEYS[1])
        if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
          redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
          emit(KEYS[2], ARGV[3], ARGV[4], ARGV[5], unpack(ARGV, 6))
        end
        return earlier
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
