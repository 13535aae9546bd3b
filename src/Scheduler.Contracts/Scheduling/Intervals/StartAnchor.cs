namespace Scheduler.Contracts.Scheduling.Intervals;

/// <summary>
/// The <c>startAt</c> option (and an English "starting now" / "starting 2026-12-01T09:00"): a recurring schedule's
/// first occurrence is at a chosen instant. An exact interval is re-anchored there, so every later occurrence is
/// startAt + k × interval and never drifts; a cron or rule schedule runs first at startAt, then on its own occurrences
/// after it. A startAt at or before now is due at once, and Beat's misfire policy decides what that means (runOnce:
/// one run at once; skip: none, wait for the next occurrence from the anchor; runAll: the missed occurrences within
/// the catch-up window).
/// </summary>
internal static class StartAnchor
{
    /// <summary>The schedule with its first occurrence at <paramref name="startAt"/>.</summary>
    /// <exception cref="ScheduleSpecException">The schedule runs once: a start has no meaning there.</exception>
    public static ParsedSchedule Apply(ParsedSchedule schedule, DateTimeOffset startAt, string spec)
    {
        if (schedule.Kind == ScheduleKind.Once)
            throw new ScheduleSpecException(
                $"startAt applies to recurring schedules; \"{spec.Trim()}\" runs once, so write its time in the spec instead (e.g. \"at:{startAt.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}\")", spec);
        if (schedule.Kind != ScheduleKind.Interval) return schedule;
        var options = new ScheduleParseOptions { TimeZone = schedule.TimeZone, Now = startAt };
        return ScheduleParser.Interval(schedule.Interval!.Value, options, startAt, spec, startAt.ToUniversalTime());
    }

    /// <summary>
    /// The first due instant a start fixes, or null when the schedule's own next occurrence applies. When a schedule
    /// is created (<paramref name="catchUp"/>) a start in the past is returned as is: it is due at once, under the
    /// misfire policy. When a schedule is changed it is not: the anchored series simply continues from now.
    /// </summary>
    public static DateTimeOffset? FirstRun(ParsedSchedule schedule, DateTimeOffset? startAt, DateTimeOffset now, DateTimeOffset from, bool catchUp)
    {
        if (startAt is { } at) return at >= from || catchUp ? at.ToUniversalTime() : null;
        // An interval's anchor lies in the past only when the spec said so ("starting now", "starting <date>"): the
        // default anchor is one period after now, "starting at 9:07" the next 09:07.
        if (catchUp && from <= now && schedule.Kind == ScheduleKind.Interval && schedule.Anchor is { } anchor && anchor < now) return anchor;
        return null;
    }
}
