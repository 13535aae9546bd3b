using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Plans an updated task again. A new spec is read from <paramref name="now"/> in its zone, as on create. The same
    /// spec under a new time zone or startAfter is read again as it was read before: from the same instant, with the
    /// date and time the zone it was read in showed then, so that its relative words keep the day or instant they named
    /// ("tomorrow at 9am" stays on that day, at 9am in the new zone; "in 2 hours" keeps its instant; "until friday"
    /// keeps that Friday). Returns with the plan the record fields that keep this reading, so that a later change reads
    /// the spec the same way.
    /// </summary>
    /// <exception cref="InvalidTaskException">The spec so read has no occurrence left (see <see cref="PassedOnRereading"/>).</exception>
    private (ParsedSchedule Schedule, DateTimeOffset? FirstDue, HashEntry[] Reading) Replan(ScheduledTask current,
        (DateTimeOffset? At, string? Zone) stored, TaskUpdate changes, TaskDefinition task, string spec, ScheduleOptions options, DateTimeOffset now)
    {
        // A task keeps the zone it was planned in unless the update names another: the zone a client defaults to is the
        // one new tasks get, not one to move another client's task into.
        if (options.TimeZone is null && Known(current.Schedule.TimeZone) is { } zone) options = options with { TimeZone = zone };
        if (changes.Spec is not null)
        {
            var (planned, due) = Plan(task, spec, options with { RunIfPast = false }, now, catchUp: false);
            return (planned, due, ScheduleRecord.SpecReadFields(now, planned.TimeZone, spec.Trim()));
        }
        var (readAt, readZone) = SpecReading(current, stored, now);
        // A one-shot read again may fall before now, even before the reading instant (a time of day read in a zone that
        // is behind): the parser lets it through so that PassedOnRereading refuses it saying why, not "in the past".
        var (schedule, firstDue) = Plan(task, spec, options with { RunIfPast = true }, now, catchUp: false, readAt, readZone);
        // A debounce held the one-shot past the instant its spec names, its run still to come: read again, the spec
        // names that earlier instant, and the task keeps the one it runs at, shown in the zone it is read in now (a
        // record written before the schedule showed that instant still has the spec's own). A startAfter later than that
        // instant moves the run on (firstDue), as it moves any one-shot; an endAt before it is refused.
        if (schedule.Kind == ScheduleKind.Once && current.Options.Debounce is not null && current.NextRunAt is { } held && held >= now
            && schedule.Anchor < held && (current.Schedule.Anchor == held || current.Schedule.Anchor == schedule.Anchor))
        {
            var due = firstDue > held ? firstDue.Value : held;
            // An endAt before it leaves the run nothing, as it leaves a one-shot due then.
            if (options.EndAt is { } end && due > end) throw new InvalidTaskException([NoOccurrence(spec, options, now)]);
            return (ScheduleParser.OnceMovedTo(schedule, due), due, ScheduleRecord.SpecReadFields(readAt, readZone ?? schedule.TimeZone, spec.Trim()));
        }
        if (schedule.Kind == ScheduleKind.Once && schedule.Anchor is { } at && at < now)
        {
            // Read again to the instant it already had ("in 2 hours", or a zone at the same offset), its run still to come
            // (a debounce holds it past that instant): nothing about it moves, so it keeps its due time.
            if (at == current.Schedule.Anchor && current.NextRunAt is { } pending && pending >= now) firstDue = pending;
            else throw new InvalidTaskException([PassedOnRereading(schedule, spec, readAt)]);
        }
        return (schedule, firstDue, ScheduleRecord.SpecReadFields(readAt, readZone ?? schedule.TimeZone, spec.Trim()));
    }

    /// <summary>
    /// When and in which zone <paramref name="current"/>'s spec was read (a null zone: the zone it is read in now). A
    /// record without a reading of its spec (written before readings were stored, or given its spec by an older client
    /// since) falls back: one never changed since it was created read its spec then, in the zone it still has (create
    /// reads the spec at the creation time it stores); one changed since may have been given a new spec or zone at a
    /// time no field keeps (a pause stamps the same changedAt), so it is read from now, as updates did before (the
    /// reading is then stored, and later updates count from it).
    /// </summary>
    private static (DateTimeOffset At, string? Zone) SpecReading(ScheduledTask current, (DateTimeOffset? At, string? Zone) stored, DateTimeOffset now) =>
        stored.At is { } at ? (at, Known(stored.Zone))
        : current.ChangedAt is null ? (current.CreatedAt, current.Schedule.TimeZone)
        : (now, null);

    // The zone a spec was read in, when this host knows it (zone data differs between hosts): else the zone it is read
    // in now, rather than an error about a zone the user did not name.
    private static string? Known(string? zone) => zone is null ? null : ScheduleTimeZones.TryFind(zone)?.Id;

    /// <summary>
    /// Why a one-shot read again from <paramref name="readAt"/> is refused: its instant has passed (it ran, or its time
    /// went by while it was paused or late). Moving it to the next day would change what it meant, and running it at once
    /// would fire it unasked; a new spec says which is wanted.
    /// </summary>
    private static string PassedOnRereading(ParsedSchedule schedule, string spec, DateTimeOffset readAt) =>
        $"\"{spec}\", read again as of {Utc(readAt)}, falls at {Utc(schedule.Anchor!.Value)} in {schedule.TimeZone}, which has passed; "
        + "a new time zone or startAfter keeps what the spec meant when it was given, and neither moves it to another day nor runs it now; "
        + "expected a new spec with the change (e.g. CLI: scheduler reschedule <id> \"tomorrow at 9am\" --tz <zone>; REST: \"spec\" beside \"timeZone\")";

    /// <summary>Why a repeating spec read again from <paramref name="readAt"/> is refused: its occurrences ended before now.</summary>
    private static string EndedOnRereading(string spec, DateTimeOffset readAt) =>
        $"\"{spec}\", read again as of {Utc(readAt)}, has no occurrence left between now, startAfter and endAt "
        + "(a new time zone or startAfter keeps the end it meant then, e.g. \"until friday\" stays that Friday); "
        + "expected a new spec with the change";
}
