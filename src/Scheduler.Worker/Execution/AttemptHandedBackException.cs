using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The worker stopped under an attempt whose handler had started: cancelled by the job's token, as Hangfire expects of a
/// job it hands back on shutdown, and carrying the attempt's record, which the hand-back writes in the same step
/// (<see cref="TaskOccurrenceRunner"/>).
/// </summary>
internal sealed class AttemptHandedBackException(TaskRun interrupted, CancellationToken jobToken)
    : OperationCanceledException($"attempt {interrupted.Attempt} of run {interrupted.RunId} was cut short as the worker stops; handed back", jobToken)
{
    /// <summary>The attempt cut short: failed, not final.</summary>
    public TaskRun Interrupted { get; } = interrupted;
}
