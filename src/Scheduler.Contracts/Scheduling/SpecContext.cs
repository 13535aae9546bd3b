namespace Scheduler.Contracts.Scheduling;

/// <summary>What every grammar rule needs besides the words: the original text, options, zone and "now".</summary>
internal sealed record SpecContext(string Spec, ScheduleParseOptions Options, TimeZoneInfo Zone, DateTimeOffset Now)
{
    public DateTime LocalNow { get; } = ZonedClock.ToLocal(Now, Zone);
}
