using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Scheduler.Runtime.Jobs;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Ends a run a user cancelled in Hangfire's Deleted state, Hangfire's own meaning of "cancelled by a user", so its
/// dashboard neither lists the cancel among failures nor offers to requeue it from there. Failures and timeouts stay Failed.
/// </summary>
internal sealed class CancelledRunFilter : IElectStateFilter
{
    /// <summary>
    /// Before <see cref="AutomaticRetryAttribute"/> (order 20) on a job other than an occurrence (an occurrence job runs
    /// without it, see <see cref="OccurrenceFilterProvider"/>): it then sees no failure, so it neither retries the job
    /// nor logs the cancel as an error.
    /// </summary>
    public const int Order = 0;

    /// <summary>
    /// Hangfire's filter providers (less those that do nothing for an occurrence job, <see cref="OccurrenceFilterProvider"/>)
    /// plus this filter and <see cref="PipelineFailureRetryFilter"/>, for one server: <see cref="GlobalJobFilters"/> is
    /// shared by every host in the process.
    /// </summary>
    public static IJobFilterProvider AddTo(IJobFilterProvider providers, TimeProvider time)
    {
        var own = new JobFilterCollection();
        own.Add(new CancelledRunFilter(), Order);
        own.Add(new PipelineFailureRetryFilter(time), Order);
        // Gathered and sorted once per job method, not twice per run, while the host's providers are Hangfire's defaults.
        return new MethodFilterCache(new JobFilterProviderCollection(new OccurrenceFilterProvider(providers), own), providers);
    }

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: TaskRunCancelledException cancelled })
            context.CandidateState = new DeletedState { Reason = $"Cancelled: {cancelled.Message}" };
    }
}
