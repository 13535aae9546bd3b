namespace Scheduler.Contracts.Scheduling;

/// <summary>What every grammar rule needs besides the words: the original text, options, zone and "now".</summary>
internal sealed record SpecContext(string Spec, ScheduleParseOptions Options, TimeZoneInfo Zone, DateTimeOffset Now)
{
    /// <summary>"Now" on the wall clock the relative words count from (<see cref="ScheduleParseOptions.CalendarZone"/>, else the spec's zone).</summary>
    public DateTime LocalNow { get; } = ZonedClock.ToLocal(Now, Options.CalendarZone is { } calendar ? ScheduleTimeZones.Find(calendar) : Zone);
}
