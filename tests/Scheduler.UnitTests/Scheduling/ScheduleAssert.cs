using System.Globalization;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Shared fixture values and assertions for the schedule-parser tables.</summary>
internal static class ScheduleAssert
{
    /// <summary>Saturday 2026-03-07 12:00 UTC: the fixed "now" of every table.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);

    public static ScheduleParseOptions Options(string zone = "UTC", DateTimeOffset? now = null, bool allowPast = false) =>
        new() { TimeZone = zone, Now = now ?? Now, AllowPast = allowPast };

    public static DateTimeOffset Instant(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    /// <summary>Asserts the next occurrences strictly after <paramref name="after"/> (default: now).</summary>
    public static void Occurrences(ParsedSchedule schedule, string[] expected, DateTimeOffset? after = null)
    {
        var actual = schedule.Next(expected.Length, after ?? Now).Select(o => o.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        Assert.Equal(expected.Select(e => Instant(e).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)), actual);
    }

    public static ScheduleSpecException Rejects(string spec, string zone = "UTC") =>
        Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options(zone)));
}
