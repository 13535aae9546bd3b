using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    private const int HistoryCap = 1000;

    /// <summary>Marks a schedule running if it is scheduled; false if it is no longer active.</summary>
    public async Task<ScheduleStatus?> MarkRunningAsync(string id)
    {
        try
        {
            var previous = await TransitionAsync(id, ScheduleStatus.Running, notifyBeat: false, ScheduleStatus.Scheduled, ScheduleStatus.Running);
            return previous;
        }
        catch (InvalidTransitionException e)
        {
            return e.Current;
        }
    }

    /// <summary>
    /// Appends an attempt to the history; on the final attempt counts the run and settles the status, which it returns
    /// (null when not final, or when the run had already been recorded as done).
    /// </summary>
    /// <remarks><c>writeId</c>: 
    /// Names this write so that repeating it (after Redis went away without answering) applies it once; null when the
    /// caller does not repeat.
    /// </remarks>
    public async Task<ScheduleStatus?> RecordAttemptAsync(TaskRun run, string jobId, bool oneShot, int? maxRuns, string? writeId = null)
    {
        var json = JsonSerializer.Serialize(run, TaskTypes.JsonOptions);
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(StoreScripts.RecordAttempt,
            [Keys.Task(run.TaskId), Keys.Due, Keys.Runs(run.TaskId), Keys.Run(run.RunId), Keys.InFlight],
            [run.TaskId, json, run.FinishedAt.ToUnixTimeMilliseconds(), run.Outcome.ToString().ToLowerInvariant(),
             run.IsFinal ? "1" : "0", oneShot ? "1" : "0", maxRuns ?? 0, HistoryCap, run.RunId, writeId ?? "", (long)RunLedgerTtl.TotalSeconds,
             InFlightRun.OwnerPrefix(jobId, run.WorkerId, run.TaskId, run.Attempt)]))!;
        var status = (string?)result[1];
        return string.IsNullOrEmpty(status) ? null : ScheduleRecord.ParseStatus(status);
    }
}
