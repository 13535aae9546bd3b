using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Execution;

/// <summary>
/// An attempt stopped because this worker fenced itself off (<see cref="SelfFence"/>). <see cref="Interrupted"/> is its
/// record, failed and not final, which the hand-back writes in the same step as the run leaves this worker (as a
/// shutdown's hand-back does), unless another worker took the run over meanwhile.
/// </summary>
internal sealed class AttemptFencedException(TaskRun interrupted) : Exception(interrupted.Error)
{
    public TaskRun Interrupted { get; } = interrupted;
}
