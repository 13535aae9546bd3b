namespace Scheduler.Contracts.Schedules;

/// <summary>The task stored under an id after scheduling, and what the call did to it.</summary>
/// <param name="Task">The task as stored now.</param>
/// <param name="Outcome">Whether it was created, already there, scheduled anew or replaced.</param>
public sealed record ScheduleResult(ScheduledTask Task, ScheduleOutcome Outcome)
{
    /// <summary>True when the call stored something (created, rescheduled or replaced); false for <see cref="ScheduleOutcome.AlreadyScheduled"/>.</summary>
    public bool Changed => Outcome != ScheduleOutcome.AlreadyScheduled;
}
