using Cronos;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// A normalized schedule: what a spec means, independent of how it was written. <see cref="Canonical"/> together with
/// <see cref="Kind"/>, <see cref="TimeZone"/> and <see cref="Anchor"/> fully determines every occurrence, so a stored
/// schedule can be restored with <see cref="Restore"/> and evaluated again without the original text.
/// </summary>
public sealed record ParsedSchedule
{
    /// <summary>Once, cron, interval or rule.</summary>
    public required ScheduleKind Kind { get; init; }

    /// <summary>
    /// Once: the instant as ISO-8601 round-trip UTC (<c>2026-12-24T17:00:00.0000000+00:00</c>). Cron: the cron expression (5 or 6 fields). Interval: an ISO-8601
    /// duration such as <c>PT1H30M</c>. Rule: RFC 5545 text on one line,
    /// <c>DTSTART;TZID=Europe/Berlin:20261201T090000 RRULE:FREQ=…</c> (DTSTART in UTC ends in Z), then any EXDATE, and <c>X-DST-GAP:AFTER</c> where a time a spring-forward skips runs when the gap ends.
    /// </summary>
    public required string Canonical { get; init; }

    /// <summary>IANA id of the zone wall-clock times are evaluated in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>A human description, e.g. "every weekday at 09:00 (Europe/Berlin)".</summary>
    public required string Description { get; init; }

    /// <summary>Once: the instant. Interval: the first occurrence, from which every later one is an exact multiple. Rule: DTSTART's instant.</summary>
    public DateTimeOffset? Anchor { get; init; }

    /// <summary>Interval: the fixed period.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Trigger: what starts it (the source task and outcome, or the event); null for clock schedules.</summary>
    public Triggers.TriggerSource? Trigger => Kind == ScheduleKind.Trigger ? Triggers.TriggerSpec.ParseSource(Canonical) : null;

    /// <summary>True for cron, interval, rule and trigger schedules.</summary>
    public bool IsRecurring => Kind != ScheduleKind.Once;

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => NextOccurrence.After(this, after);

    /// <summary>The first occurrence at or after <paramref name="from"/>, or null when there is none.</summary>
    public DateTimeOffset? NextFrom(DateTimeOffset from) => NextAfter(JustBefore(from));

    // The instant a tick before (the earliest instant there is stays itself: nothing is before it).
    private static DateTimeOffset JustBefore(DateTimeOffset from) => from.UtcTicks > DateTimeOffset.MinValue.UtcTicks ? from.AddTicks(-1) : from;

    /// <summary>Up to <paramref name="count"/> occurrences strictly after <paramref name="after"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Next(int count, DateTimeOffset after)
    {
        var result = new List<DateTimeOffset>(Math.Clamp(count, 0, 1000));
        var cursor = after;
        while (result.Count < count && NextAfter(cursor) is { } next)
        {
            result.Add(next);
            cursor = next;
        }
        return result;
    }

    /// <summary>
    /// Up to <paramref name="count"/> occurrences at or after <paramref name="from"/> (inclusive), each shown at the offset
    /// of the schedule's own time zone: the preview the dashboard and the CLI give.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> NextInZone(int count, DateTimeOffset from)
    {
        var zone = ScheduleTimeZones.Find(TimeZone);
        return [.. Next(count, JustBefore(from)).Select(o => TimeZoneInfo.ConvertTime(o, zone))];
    }

    /// <summary>Rebuilds a schedule from its stored canonical form.</summary>
    /// <exception cref="ScheduleSpecException">The stored form is not valid.</exception>
    public static ParsedSchedule Restore(ScheduleKind kind, string canonical, string timeZone, DateTimeOffset? anchor, string? description = null)
    {
        _ = ScheduleTimeZones.Find(timeZone);
        var schedule = new ParsedSchedule
        {
            Kind = kind, Canonical = canonical, TimeZone = timeZone, Anchor = anchor,
            Description = description ?? canonical,
            Interval = kind == ScheduleKind.Interval ? IsoDuration.Parse(canonical) : null,
        };
        if (kind == ScheduleKind.Cron) _ = NextOccurrence.CronOf(schedule);
        if (kind == ScheduleKind.Rule) _ = NextOccurrence.RuleExpander(canonical, timeZone);
        if (kind == ScheduleKind.Trigger) _ = Triggers.TriggerSpec.ParseSource(canonical);
        if (kind is ScheduleKind.Once or ScheduleKind.Interval && anchor is null)
            throw new ScheduleSpecException($"a {kind.ToString().ToLowerInvariant()} schedule needs an anchor instant", canonical);
        return schedule;
    }
}
