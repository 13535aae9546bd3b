using Hangfire;
using Hangfire.Server;

namespace Scheduler.Runtime.Jobs;

/// <summary>
/// The Hangfire job every occurrence becomes: Beat enqueues it, a worker resolves the implementation from DI.
/// Retries are Polly's, inside the job, so Hangfire's own automatic retry is off.
/// </summary>
public interface ITaskOccurrenceRunner
{
    [JobDisplayName("{3}: task {0}")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    Task RunAsync(string taskId, string runId, long dueUnixMs, string taskName, string? traceParent, PerformContext? context, CancellationToken cancellationToken);
}
