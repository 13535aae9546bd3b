using Scheduler.Contracts.Client;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>What a worker may do with a delivered occurrence.</summary>
internal enum AttemptClaim
{
    /// <summary>Run it; the attempt number continues from attempts started before (a crashed worker's included).</summary>
    Run,
    /// <summary>It already finished: a re-delivery after completion must not run it again.</summary>
    Done,
    /// <summary>Another Hangfire job owns it: the occurrence was fired twice.</summary>
    Duplicate,
    /// <summary>Another delivery of the same Hangfire job is executing the run now.</summary>
    Running,
    /// <summary>The task no longer exists.</summary>
    TaskDeleted,
    /// <summary>The task was cancelled before this occurrence started.</summary>
    TaskCancelled,
}

/// <summary>
/// What <see cref="ScheduleStore.BeginRunAsync"/> decided: the claim, and when it is <see cref="AttemptClaim.Run"/> the
/// attempt number, the task as read in the same step and its status before it was marked running.
/// </summary>
internal sealed record RunStart(AttemptClaim Claim, int Attempt, ScheduledTask? Task = null, ScheduleStatus? PreviousStatus = null);

internal sealed partial class ScheduleStore
{
    private static readonly TimeSpan RunLedgerTtl = TimeSpan.FromDays(7);

    /// <summary>
    /// Starts an attempt of <paramref name="runId"/> for Hangfire job <paramref name="jobId"/>: checks it is neither done
    /// nor owned by another job, counts the attempt and lists the run as in flight on <paramref name="workerId"/>.
    /// </summary>
    /// <remarks><c>claimToken</c>: Names this claim so that repeating the call (Redis went away before answering) finds it
    /// instead of starting another attempt; null when the caller does not repeat.</remarks>
    public async Task<(AttemptClaim Claim, int Attempt)> BeginAttemptAsync(string runId, string jobId, string workerId, string taskId, string? claimToken = null)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(StoreScripts.BeginAttempt, [Keys.Run(runId), Keys.InFlight],
            [runId, jobId, workerId, taskId, Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)RunLedgerTtl.TotalSeconds, "0", claimToken ?? ""]))!;
        return (ParseClaim((string)result[0]!), (int)result[1]);
    }

    /// <summary>
    /// Starts the first attempt of a delivered occurrence in one call: <see cref="BeginAttemptAsync"/>'s checks, the run
    /// must not be in flight (unless <paramref name="evenIfInFlight"/>: its entry is stale), and the task must exist
    /// and not be cancelled; it is read and, when scheduled, marked running.
    /// </summary>
    /// <remarks><c>claimToken</c>: As for <see cref="BeginAttemptAsync"/>: a repeated call returns the claim it made.</remarks>
    public async Task<RunStart> BeginRunAsync(string runId, string jobId, string workerId, string taskId, bool evenIfInFlight = false, string? claimToken = null)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(StoreScripts.BeginRun, [Keys.Run(runId), Keys.InFlight, Keys.Task(taskId)],
            [runId, jobId, workerId, taskId, Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)RunLedgerTtl.TotalSeconds, evenIfInFlight ? "1" : "0", claimToken ?? ""]))!;
        var claim = ParseClaim((string)result[0]!);
        if (claim != AttemptClaim.Run) return new RunStart(claim, 0);
        var fields = (RedisResult[])result[3]!;
        var entries = new HashEntry[fields.Length / 2];
        for (var i = 0; i < entries.Length; i++) entries[i] = new HashEntry((string)fields[2 * i]!, (RedisValue)fields[2 * i + 1]);
        // A repeated claim whose task was deleted since: nothing to run (its in-flight entry is the reconciler's).
        if (ScheduleRecord.FromHash(entries) is not { } task) return new RunStart(AttemptClaim.TaskDeleted, 0);
        var previous = (string?)result[2];
        return new RunStart(claim, (int)result[1], task, string.IsNullOrEmpty(previous) ? null : ScheduleRecord.ParseStatus(previous));
    }

    private static AttemptClaim ParseClaim(string state) => state switch
    {
        "run" => AttemptClaim.Run,
        "done" => AttemptClaim.Done,
        "running" => AttemptClaim.Running,
        "deleted" => AttemptClaim.TaskDeleted,
        "cancelled" => AttemptClaim.TaskCancelled,
        _ => AttemptClaim.Duplicate,
    };

    /// <summary>The run is no longer executing here (handed back on shutdown); it stays undone for its next delivery.</summary>
    /// <remarks>Only this worker's entry for this job is removed: a repeated call never drops a later delivery's entry.</remarks>
    public Task LeaveRunAsync(string runId, string jobId, string workerId) =>
        Db.ScriptEvaluateAsync(StoreScripts.LeaveRun, [Keys.InFlight], [runId, $"{jobId}|{workerId}|"]);

    /// <summary>Forgets every in-flight run of <paramref name="workerId"/>: on a graceful stop they were handed back, not lost.</summary>
    public async Task LeaveAllRunsAsync(string workerId)
    {
        foreach (var run in await InFlightAsync())
            if (run.WorkerId == workerId) await ReleaseOrphanAsync(run);
    }

    /// <summary>Lists a run as in flight again after its recovery failed.</summary>
    public Task RestoreInFlightAsync(InFlightRun run) => Db.HashSetAsync(Keys.InFlight, run.RunId, run.Entry, When.NotExists);

    /// <summary>Counts one more worker lost while running <paramref name="runId"/>; returns the total.</summary>
    public async Task<long> CountWorkerLossAsync(string runId) => await Db.HashIncrementAsync(Keys.Run(runId), "losses");

    /// <summary>Ids of processes whose heartbeat is newer than <paramref name="since"/>.</summary>
    public async Task<HashSet<string>> AliveProcessesAsync(DateTimeOffset since) =>
        [.. (await Db.SortedSetRangeByScoreAsync(Keys.Heartbeats, since.ToUnixTimeMilliseconds())).Select(m => m.ToString())];

    /// <summary>Every run executing now, with the raw in-flight entry.</summary>
    public async Task<IReadOnlyList<InFlightRun>> InFlightAsync() =>
        [.. (await Db.HashGetAllAsync(Keys.InFlight)).Select(e => InFlightRun.Parse(e.Name!, e.Value!)).OfType<InFlightRun>()];

    /// <summary>
    /// Whether a run of <paramref name="taskId"/> for an earlier instant than <paramref name="runId"/> is in flight now.
    /// Ordered by the instant in the run id (not the claim time, which a retry renews), so two queued occurrences never
    /// wait for each other and a re-delivered run keeps its place.
    /// </summary>
    public async Task<bool> EarlierRunInFlightAsync(string taskId, string runId) =>
        (await InFlightAsync()).Any(run => run.TaskId == taskId && run.RunId != runId && CompareRunIds(run.RunId, runId) < 0);

    // Run ids are "taskId:dueMs" (fired) or "taskId:t<requestedMs>" (run now).
    private static int CompareRunIds(string a, string b)
    {
        static long InstantOf(string id)
        {
            var tail = id[(id.LastIndexOf(':') + 1)..].TrimStart('t');
            return long.TryParse(tail, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : long.MaxValue;
        }
        var byInstant = InstantOf(a).CompareTo(InstantOf(b));
        return byInstant != 0 ? byInstant : string.CompareOrdinal(a, b);
    }

    /// <summary>Takes an orphaned run out of the in-flight list; true for exactly one caller.</summary>
    public async Task<bool> ReleaseOrphanAsync(InFlightRun run) =>
        (int)await Db.ScriptEvaluateAsync(StoreScripts.ReleaseOrphan, [Keys.InFlight], [run.RunId, run.Entry]) == 1;
}

/// <summary>A run executing on a worker: the Hangfire job, the worker, the task, the attempt and when it started.</summary>
internal sealed record InFlightRun(string RunId, string Entry, string JobId, string WorkerId, string TaskId, int Attempt, DateTimeOffset StartedAt)
{
    /// <summary>How the entry of attempt <paramref name="attempt"/> by that job and worker begins (attempt numbers are unique per run).</summary>
    public static string OwnerPrefix(string jobId, string workerId, string taskId, int attempt) =>
        $"{jobId}|{workerId}|{taskId}|{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}|";

    public static InFlightRun? Parse(string runId, string entry)
    {
        var parts = entry.Split('|');
        return parts.Length == 5 && int.TryParse(parts[3], out var attempt) && long.TryParse(parts[4], out var ms)
            ? new InFlightRun(runId, entry, parts[0], parts[1], parts[2], attempt, DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }
}
