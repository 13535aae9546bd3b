using Scheduler.Contracts.Schedules;

namespace Scheduler.Beat.Triggers;

/// <summary>
/// The policies of a clock occurrence, applied to a trigger: status (paused, cancelled and ended tasks do not run),
/// startAfter/endAt, max runs and overlap. Misfire and jitter do not apply: a trigger has no due instant to miss, and
/// one kept while no worker ran still runs once. Pure.
/// </summary>
internal static class TriggerPlanner
{
    public static TriggerPlan Plan(ScheduleStatus status, ScheduleOptions options, long fireCount, long queuedRuns, DateTimeOffset now)
    {
        // A paused task goes on after its pause: the trigger it does not run is a skip, as one before startAfter is.
        if (status == ScheduleStatus.Paused) return Skip("the task is paused");
        if (status is not (ScheduleStatus.Scheduled or ScheduleStatus.Running))
            return Drop(null, $"status is {status}");
        if (options.EndAt is { } end && now > end) return Drop(ScheduleStatus.Expired, "past endAt");
        if (options.StartAfter is { } start && now < start) return Skip($"before startAfter ({start:O})");
        if (options.MaxRuns is { } max && fireCount >= max) return Drop(null, $"max runs ({max}) already fired");
        if (status != ScheduleStatus.Running) return new TriggerPlan(true, false, false, null, "triggered");
        return options.Overlap switch
        {
            OverlapPolicy.Skip => Skip("previous run still going (overlap skip)"),
            OverlapPolicy.Queue when queuedRuns > 0 => Skip("previous run still going and one run already waits (overlap queue)"),
            OverlapPolicy.Queue => new TriggerPlan(true, true, false, null, "queued behind the running one (overlap queue)"),
            OverlapPolicy.CancelPrevious => new TriggerPlan(true, false, true, null, "cancelling the running one (overlap cancelPrevious)"),
            _ => new TriggerPlan(true, false, false, null, "triggered while the previous run goes on (overlap allow)"),
        };
    }

    private static TriggerPlan Drop(ScheduleStatus? status, string reason) => new(false, false, false, status, reason);

    private static TriggerPlan Skip(string reason) => new(false, false, false, null, reason) { Skipped = true };
}
