using System.Text.Json;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Housekeeping;

internal sealed partial class CleanupStore
{
    // KEYS: registration, last runs, event stream, history. ARGV: id, last run JSON, event type, at (ms), deleted, bytes,
    // error. Written only while the registration exists: a run that ends after a remove must not leave its last run
    // behind. The last run and the history are written together, so the history's newest entry is always the last run.
    private static string RecordScript => StoreScripts.EmitEvent + $$"""

        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('LPUSH', KEYS[4], ARGV[2])
        """ + TrimAndAnnounce;

    // As RecordScript, for a run that may end after a newer one was recorded, placed by what its caller read of the
    // history: written only while the history's newest entry is still ARGV[9] ('' for none), else -1 and the caller reads
    // again (a newer run recorded meanwhile must not end up behind this one). ARGV[10] '1': it is the newest, recorded as
    // RecordScript records; else put in the history before ARGV[8] (the newest entry older than it, '' for none), the last
    // run left the newer one.
    private static string RecordLateScript => StoreScripts.EmitEvent + $$"""

        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if (redis.call('LINDEX', KEYS[4], 0) or '') ~= ARGV[9] then return -1 end
        if ARGV[10] == '1' then
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
          redis.call('LPUSH', KEYS[4], ARGV[2])
        elseif ARGV[8] == '' or redis.call('LINSERT', KEYS[4], 'BEFORE', ARGV[8], ARGV[2]) < 0 then
          redis.call('RPUSH', KEYS[4], ARGV[2])
        end
        """ + TrimAndAnnounce;

    // Both scripts' end: the history capped, the run announced.
    private static string TrimAndAnnounce => "\n" + $$"""
        redis.call('LTRIM', KEYS[4], 0, {{CleanupLastRun.KeptRuns - 1}})
        if ARGV[7] == '' then
          emit(KEYS[3], ARGV[3], ARGV[1], ARGV[4], 'deleted', ARGV[5], 'bytes', ARGV[6])
        else
          emit(KEYS[3], ARGV[3], ARGV[1], ARGV[4], 'deleted', ARGV[5], 'bytes', ARGV[6], 'error', ARGV[7])
        end
        return 1
        """;

    /// <summary>
    /// Records <paramref name="run"/>, which may have ended after a newer run was recorded (its hold lost while it was
    /// paused, <paramref name="late"/>): then it goes into the history by its time and the newer run stays the last one.
    /// </summary>
    public async Task RecordRunAsync(string id, CleanupLastRun run, bool late)
    {
        if (!late)
        {
            await RecordRunAsync(id, run);
            return;
        }
        var type = run.Succeeded ? SchedulerEvents.CleanupRan : SchedulerEvents.CleanupFailed;
        var text = JsonSerializer.Serialize(run, TaskTypes.JsonOptions);
        for (var read = 1; ; read++)
        {
            var history = (await Db.ListRangeAsync(Keys.CleanupHistory(id))).Select(v => (Text: v, Run: DeserializeRun(v))).ToList();
            var newest = history is not [{ Run: { } first }, ..] || first.At <= run.At;
            var older = history.FirstOrDefault(h => h.Run is { } r && r.At < run.At).Text;
            var written = (long)await Db.ScriptEvaluateAsync(RecordLateScript, [Keys.Cleanup(id), Keys.CleanupLastRuns, Keys.Events, Keys.CleanupHistory(id)],
            [
                id, text, type, run.At.ToUnixTimeMilliseconds(), run.FilesDeleted, run.BytesFreed, EventError(run.Errors),
                older.IsNull ? "" : older, history.Count == 0 ? "" : history[0].Text, newest ? "1" : "0",
            ]);
            // Another run recorded between the read and the write: read again (bounded: each retry is a run that ended).
            if (written != -1 || read == 10) return;
        }
    }

    /// <summary>
    /// Records <paramref name="run"/> as the last run of registration <paramref name="id"/>, adds it to its history (the
    /// newest <see cref="CleanupLastRun.KeptRuns"/> kept) and announces it on the event
    /// stream (<see cref="SchedulerEvents.CleanupRan"/> or <see cref="SchedulerEvents.CleanupFailed"/>); nothing when
    /// the registration no longer exists.
    /// </summary>
    public async Task RecordRunAsync(string id, CleanupLastRun run)
    {
        var type = run.Succeeded ? SchedulerEvents.CleanupRan : SchedulerEvents.CleanupFailed;
        await Db.ScriptEvaluateAsync(RecordScript, [Keys.Cleanup(id), Keys.CleanupLastRuns, Keys.Events, Keys.CleanupHistory(id)],
        [
            id, JsonSerializer.Serialize(run, TaskTypes.JsonOptions), type, run.At.ToUnixTimeMilliseconds(),
            run.FilesDeleted, run.BytesFreed, EventError(run.Errors),
        ]);
    }

    /// <summary>The newest real runs of registration <paramref name="id"/>, newest first; null when there is no such registration.</summary>
    public async Task<IReadOnlyList<CleanupLastRun>?> RunsAsync(string id)
    {
        if (!TaskIds.IsValid(id)) return null;
        var batch = Db.CreateBatch();
        var exists = batch.KeyExistsAsync(Keys.Cleanup(id));
        var runs = batch.ListRangeAsync(Keys.CleanupHistory(id));
        batch.Execute();
        return await exists ? [.. (await runs).Select(DeserializeRun).OfType<CleanupLastRun>()] : null;
    }

    // The event carries the first problem and a count; the last run keeps the whole list (itself capped).
    private static string EventError(IReadOnlyList<string> errors) =>
        errors.Count switch { 0 => "", 1 => errors[0], _ => $"{errors[0]} (and {errors.Count - 1} more)" };

    private async Task<CleanupRegistration?> WithLastRunAsync(CleanupRegistration? registration) =>
        registration is null ? null
        : registration with { LastRun = DeserializeRun(await Db.HashGetAsync(Keys.CleanupLastRuns, registration.Id)) };

    private async Task<IReadOnlyList<CleanupRegistration>> WithLastRunsAsync(IReadOnlyList<CleanupRegistration> registrations)
    {
        if (registrations.Count == 0) return registrations;
        var runs = await Db.HashGetAsync(Keys.CleanupLastRuns, [.. registrations.Select(r => (RedisValue)r.Id)]);
        return [.. registrations.Select((r, i) => r with { LastRun = DeserializeRun(runs[i]) })];
    }

    private static CleanupLastRun? DeserializeRun(RedisValue value) =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CleanupLastRun>(value.ToString(), TaskTypes.JsonOptions);
}
