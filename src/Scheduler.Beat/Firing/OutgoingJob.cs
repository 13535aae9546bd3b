using System.Diagnostics;
using Hangfire.Common;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Beat.Firing;

/// <summary>
/// An occurrence on its way into Hangfire: its run, the job that runs it, the queue it goes to, and the span of its
/// fire, which ends once the job is enqueued (disposing it ends the span).
/// </summary>
internal sealed class OutgoingJob(ScheduledTask task, string runId, long dueMs, Job job, string queue, Activity? activity) : IDisposable
{
    public ScheduledTask Task { get; } = task;
    public string RunId { get; } = runId;
    public long DueMs { get; } = dueMs;
    public Job Job { get; } = job;
    public string Queue { get; } = queue;

    public void Dispose() => activity?.Dispose();
}
