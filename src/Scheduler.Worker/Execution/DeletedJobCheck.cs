using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Hosting;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Tells a run whose Hangfire job was deleted while it ran (on any dashboard, or by anyone's <c>BackgroundJob.Delete</c>)
/// from one this worker hands back as it shuts down: Hangfire fires the job's token for both. A deleted job is a stop,
/// recorded cancelled with the task going on; handed back, Beat's reconciler would only record the stop later.
/// </summary>
internal sealed class DeletedJobCheck(JobStorage storage, ScheduleStore store, IHostApplicationLifetime lifetime)
{
    /// <summary>
    /// Whether the job's token fired because job <paramref name="jobId"/> was deleted (the host is not stopping and the
    /// job's state is Deleted); if so, run <paramref name="runId"/> is marked stopped in its ledger, as a stop by hand
    /// marks it, so its outcome settles the task as a stopped run's does. Returns who stopped it, or null (also when the
    /// job's state cannot be read, Redis away: the run is then handed back as before).
    /// </summary>
    public async Task<string?> StoppedByDeleteAsync(string runId, string jobId, CancellationToken jobToken)
    {
        if (!jobToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested) return null;
        try
        {
            using (var connection = storage.GetConnection())
                if (connection.GetStateData(jobId)?.Name != DeletedState.StateName) return null;
            return await store.MarkStoppedAsync(runId, ScheduleStoreRuns.DeletedJobStopper);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
