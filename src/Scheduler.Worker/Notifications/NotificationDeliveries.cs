using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Notifications;

/// <summary>
/// The deliveries a notification run has made, noted on the run's own ledger hash (<c>run:&lt;runId&gt;</c>, one field
/// <c>n:&lt;member&gt;</c> per delivery): a retry or re-delivery of the run (the task's own, or a sequence step's) reads
/// them and delivers only to the channels not yet reached. The ledger exists from the run's claim and expires with it,
/// so a note costs a field, not a key. A webhook delivery is noted once its receiver answered with success; one whose
/// answer was lost is sent again, with the same idempotency key. The <c>events</c> channel's event is published and
/// noted in one step, so it is published once per run.
/// </summary>
internal sealed class NotificationDeliveries(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    // Prefixes a delivery's field on the run's ledger, apart from the ledger's own fields (owner, done, w:<write id>, ...).
    private const string NotePrefix = "n:";

    /// <summary>The deliveries (<see cref="Member"/>s) already made for run <paramref name="runId"/>.</summary>
    public async Task<IReadOnlySet<string>> ReadAsync(string runId)
    {
        var fields = await redis.GetDatabase().HashKeysAsync(keys.Run(runId));
        return fields.Select(f => f.ToString()).Where(f => f.StartsWith(NotePrefix, StringComparison.Ordinal))
            .Select(f => f[NotePrefix.Length..]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Notes that <paramref name="member"/> of run <paramref name="runId"/> was delivered; safe to repeat.</summary>
    /// <remarks>
    /// A script, not MULTI/EXEC: a Redis refusing writes (NOREPLICAS, OOM, READONLY) then says so, and the caller can wait
    /// for it, where a transaction would only answer EXECABORT.
    /// </remarks>
    public Task RememberAsync(string runId, string member) =>
        redis.GetDatabase().ScriptEvaluateAsync(Remember, [keys.Run(runId)], [NotePrefix + member]);

    // A ledger that is gone (expired, or never made) is not made again here: a key without the ledger's expiry would stay.
    private const string Remember = """
        if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], '1') end
        """;

    /// <summary>
    /// Appends event <paramref name="type"/> of task <paramref name="taskId"/> with <paramref name="data"/> to the event
    /// stream unless run <paramref name="runId"/> already delivered <paramref name="member"/>, noting it, and
    /// <paramref name="alsoNoted"/> (delivered by the caller), in the same step: a repeat of this call publishes nothing
    /// more. Returns the deliveries the run had made before, as <see cref="ReadAsync"/> would.
    /// </summary>
    public async Task<IReadOnlySet<string>> PublishOnceAsync(string runId, string member, string alsoNoted, string type, string taskId,
        IReadOnlyList<KeyValuePair<string, string>> data)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(PublishOnce, [keys.Run(runId), keys.Events], Args(member, alsoNoted, type, taskId, data));
        return ((RedisResult[])result!).Select(m => ((string)m!)[NotePrefix.Length..]).ToHashSet(StringComparer.Ordinal);
    }

    private RedisValue[] Args(string member, string alsoNoted, string type, string taskId, IReadOnlyList<KeyValuePair<string, string>> data)
    {
        var args = new List<RedisValue>
        {
            "1", NotePrefix + member, NotePrefix + alsoNoted, type, taskId, time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        foreach (var (name, value) in data) { args.Add(name); args.Add(value); }
        return [.. args];
    }

    // KEYS: the run's ledger, the event stream. ARGV: "1" to return the notes made before, the event's note, another note,
    // event type, task id, at ms, then the event's field/value pairs. Returns the note fields there before ({} unasked).
    // No ledger (the run was never claimed): the event goes out unnoted rather than make a key that would never expire.
    private static readonly string PublishOnce = $$"""
        {{StoreScripts.EmitEvent}}
        if redis.call('EXISTS', KEYS[1]) == 0 then
          emit(KEYS[2], ARGV[4], ARGV[5], ARGV[6], unpack(ARGV, 7))
          return {}
        end
        local earlier = {}
        if ARGV[1] == '1' then
          for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
            if string.sub(field, 1, {{NotePrefix.Length}}) == '{{NotePrefix}}' then earlier[#earlier + 1] = field end
          end
        end
        -- Another delivery of the run, taken for dead but still going, finished it with success meanwhile: it delivered
        -- this (a lone notification's event rides that outcome write unnoted), so nothing goes out again.
        if redis.call('HGET', KEYS[1], 'done') == 'succeeded' then
          earlier[#earlier + 1] = ARGV[2]
          earlier[#earlier + 1] = ARGV[3]
          return earlier
        end
        if redis.call('HSETNX', KEYS[1], ARGV[2], '1') == 1 then
          emit(KEYS[2], ARGV[4], ARGV[5], ARGV[6], unpack(ARGV, 7))
        end
        redis.call('HSET', KEYS[1], ARGV[3], '1')
        return earlier
        """;

    /// <summary>The run-ledger field that notes <paramref name="member"/> delivered.</summary>
    public static string Note(string member) => NotePrefix + member;

    /// <summary>
    /// One delivery's name within its run: the channel (case-insensitive, so lower-cased), under the sequence step's
    /// path when the notification is a step, since two steps of one run may notify the same channel.
    /// </summary>
    public static string Member(string? stepPath, string channel) =>
        stepPath is null ? channel.ToLowerInvariant() : $"{stepPath}/{channel.ToLowerInvariant()}";

    /// <summary>The <c>Idempotency-Key</c> a receiver sees: the same on every try of one delivery, different for any other.</summary>
    public static string IdempotencyKey(string runId, string member) => $"{runId}/{member}";
}
