using Scheduler.Contracts.Runs;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Every run executing now across all tasks (claimed by a worker and not done: running, waiting for a retry or behind
    /// the run before it), oldest first, each with its task: what <see cref="GetRunsInProgressAsync(string, CancellationToken)"/>
    /// lists for one task. One read of the shared in-flight record, then one pipelined read of who stopped each.
    /// </summary>
    public async Task<IReadOnlyList<TaskRunInProgress>> GetAllRunsInProgressAsync(CancellationToken cancellationToken = default)
    {
        var db = _store.Db;
        var entries = await db.HashGetAllAsync(_store.Keys.InFlight).WaitAsync(cancellationToken);
        var runs = entries.Select(e => InProgress(e.Name!, e.Value!, null)).OfType<TaskRunInProgress>().ToList();
        var stoppedBy = await Task.WhenAll(runs.Select(r => db.HashGetAsync(_store.Keys.Run(r.Run.RunId), StoppedField))).WaitAsync(cancellationToken);
        return [.. runs.Select((r, i) => (string?)stoppedBy[i] is { Length: > 0 } by ? r with { Run = r.Run with { StoppedBy = by } } : r)
            .OrderBy(r => r.Run.StartedAt).ThenBy(r => r.Run.RunId, StringComparer.Ordinal)];
    }

    // The run ledger's field naming who stopped a run by hand (RunScripts.StopRuns writes it).
    private const string StoppedField = "stopped";

    // An in-flight entry is "jobId|workerId|taskId|attempt|startedMs"; one of another shape (another version's) is skipped.
    private static TaskRunInProgress? InProgress(string runId, string entry, string? stoppedBy)
    {
        var parts = entry.Split('|');
        if (parts.Length != 5 || !int.TryParse(parts[3], out var attempt) || !long.TryParse(parts[4], out var ms)) return null;
        return new TaskRunInProgress(parts[2], new RunInProgress(runId, attempt, parts[1], DateTimeOffset.FromUnixTimeMilliseconds(ms), stoppedBy));
    }
}
