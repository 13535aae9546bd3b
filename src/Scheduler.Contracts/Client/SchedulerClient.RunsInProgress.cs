using StackExchange.Redis;
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
        var parsed = entries.Select(e => (Name: (string)e.Name!, Entry: (string)e.Value!)).Where(e => InProgress(e.Name, e.Entry, null, null) is not null).ToList();
        var ledgers = await Task.WhenAll(parsed.Select(e => db.HashGetAsync(_store.Keys.Run(e.Name), LedgerFields))).WaitAsync(cancellationToken);
        return [.. parsed.Select((e, i) => InProgress(e.Name, e.Entry, (string?)ledgers[i][0] is { Length: > 0 } by ? by : null, (string?)ledgers[i][1])!)
            .OrderBy(r => r.Run.StartedAt).ThenBy(r => r.Run.RunId, StringComparer.Ordinal)];
    }

    // The run ledger's fields naming who stopped a run by hand (RunScripts.StopRuns writes it) and the claimed attempt
    // whose handler has not started (the run ledger's claim writes it, the attempt's start clears it to "0").
    private static readonly RedisValue[] LedgerFields = ["stopped", "waiting"];

    // An in-flight entry is "jobId|workerId|taskId|attempt|startedMs"; one of another shape (another version's) is skipped.
    // waitingMark: the ledger's "waiting" field; naming the entry's attempt, that attempt's handler has not started. A
    // parked retry's entry (no worker) names the attempt to come, never the mark's.
    private static TaskRunInProgress? InProgress(string runId, string entry, string? stoppedBy, string? waitingMark)
    {
        var parts = entry.Split('|');
        if (parts.Length != 5 || !int.TryParse(parts[3], out var attempt) || !long.TryParse(parts[4], out var ms)) return null;
        var waiting = parts[1] != Runs.RunDetailStore.WaitingForRetryWorker && waitingMark == parts[3];
        return new TaskRunInProgress(parts[2], new RunInProgress(runId, attempt, parts[1], DateTimeOffset.FromUnixTimeMilliseconds(ms), stoppedBy)
            { WaitingToStart = waiting });
    }
}
