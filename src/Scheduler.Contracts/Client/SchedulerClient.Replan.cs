using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Plans an updated task again. A new spec is read from <paramref name="now"/>, as on create. The same spec under a
    /// new time zone or startAfter is read again from the moment it was read before, so that its relative words keep
    /// the day or instant they named ("tomorrow at 9am" stays on that day, at 9am in the new zone; "in 2 hours" keeps
    /// its instant; "until friday" keeps that Friday): only the change asked for changes. Returns the moment the
    /// spec counts from, for the record.
    /// </summary>
    /// <exception cref="InvalidTaskException">The spec so read has no occurrence left (see <see cref="PassedOnRereading"/>).</exception>
    private (ParsedSchedule Schedule, DateTimeOffset? FirstDue, DateTimeOffset? ReadAt) Replan(ScheduledTask current, DateTimeOffset? storedReadAt,
        TaskUpdate changes, TaskDefinition task, string spec, ScheduleOptions options, DateTimeOffset now)
    {
        var readAt = changes.Spec is not null ? now : SpecReadAt(current, storedReadAt, now);
        var (schedule, firstDue) = Plan(task, spec, options with { RunIfPast = false }, now, catchUp: false, readAt: readAt);
        return (schedule, firstDue, readAt);
    }

    /// <summary>
    /// When <paramref name="current"/>'s spec was read. A record written before the moment was stored lacks it: one never
    /// changed since it was created read its spec then (create reads the spec at the creation time it stores); one
    /// changed since may have been given a new spec at a time no field keeps (a pause stamps the same changedAt), so
    /// it is read from now, as updates did before (the moment is then stored, and later updates count from it).
    /// </summary>
    private static DateTimeOffset SpecReadAt(ScheduledTask current, DateTimeOffset? stored, DateTimeOffset now) =>
        stored ?? (current.ChangedAt is null ? current.CreatedAt : now);

    /// <summary>
    /// Why a one-shot read again from <paramref name="readAt"/> is refused: its instant has passed (it ran, or its time
    /// went by while it was paused or late). Moving it to the next day would change what it meant, and running it at once
    /// would fire it unasked; a new spec says which is wanted. Null when it is still to come or the spec repeats.
    /// </summary>
    private static string? PassedOnRereading(ParsedSchedule schedule, string spec, DateTimeOffset readAt, DateTimeOffset now) =>
        schedule.Kind == ScheduleKind.Once && schedule.Anchor is { } at && at < now
            ? $"\"{spec}\", read as of {Utc(readAt)} when it was given, falls at {Utc(at)} in {schedule.TimeZone}, which has passed; "
              + "a new time zone or startAfter keeps what the spec meant when it was given, and neither moves it to another day nor runs it now; "
              + "expected a new spec with the change (e.g. CLI: scheduler reschedule <id> \"tomorrow at 9am\" --tz <zone>; REST: \"spec\" beside \"timeZone\")"
            : null;

    /// <summary>Why a repeating spec read again from <paramref name="readAt"/> is refused: its occurrences ended before now.</summary>
    private static string EndedOnRereading(string spec, DateTimeOffset readAt) =>
        $"\"{spec}\", read as of {Utc(readAt)} when it was given, has no occurrence left between now, startAfter and endAt "
        + "(a new time zone or startAfter keeps the end it meant then, e.g. \"until friday\" stays that Friday); "
        + "expected a new spec with the change";
}
