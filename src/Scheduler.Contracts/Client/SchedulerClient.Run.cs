using Scheduler.Contracts.Runs;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>The run id forms <see cref="GetRunAsync"/> accepts, as its errors name them.</summary>
    internal const string RunIdForms = "\"<taskId>:<dueMs>\" (a scheduled occurrence), \"<taskId>:t<ms>\" (a run asked for now) or "
        + "\"<taskId>:e<n>\" (a trigger's run), as the history, the failed runs and the events name them";

    /// <summary>
    /// One run by its id: its task, when it was due and who asked for it, every recorded attempt (worker, times, outcome,
    /// error, result), where it stands now (waiting, running on a worker, waiting for its next retry, ended), its
    /// Hangfire job and whether it is in the failed list. The task's history is read newest first only as far back as
    /// the run; attempts it no longer holds (it keeps 1,000 records) are missing, which
    /// <see cref="RunDetail.EarlierAttemptsTrimmed"/> says (a failed run's final attempt is kept in the failed list).
    /// </summary>
    /// <returns>The run, or null when nothing of it is stored (never run, or forgotten: its ledger lasts a week).</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a run id.</exception>
    public Task<RunDetail?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(runId) || RunRequestStore.WellFormedTaskOf(runId) is not { } taskId)
            throw new ArgumentException($"\"{runId}\" is not a run id; expected {RunIdForms}", nameof(runId));
        return _store.RunDetailAsync(runId, taskId).WaitAsync(cancellationToken);
    }
}
