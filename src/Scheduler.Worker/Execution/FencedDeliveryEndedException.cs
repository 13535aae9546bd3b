namespace Scheduler.Worker.Execution;

/// <summary>
/// Ends a delivery whose attempt was fenced off, once its run was handed back or found taken over: Hangfire makes no state
/// change of its own, and the runner's hand-back on a stop (which matches the job and worker, not the attempt) is not
/// made, as a re-delivery of the same job to this worker may hold the run by now.
/// </summary>
internal sealed class FencedDeliveryEndedException : Hangfire.Server.JobAbortedException;
