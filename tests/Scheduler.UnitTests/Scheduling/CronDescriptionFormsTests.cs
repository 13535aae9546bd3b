using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Cron forms people write that used to read back as "cron &lt;expression&gt;": month names, weekday lists with ranges
/// and steps, the nearest weekday (W), a step of seconds, and a day of the month with a weekday (both must match).
/// Forms whose times are not evenly spaced keep the fallback rather than a wrong sentence.
/// </summary>
public sealed class CronDescriptionFormsTests
{
    [Theory]
    [InlineData("0 9 15W * *", "on the weekday nearest the 15th of every month at 09:00 (UTC)")]
    [InlineData("0 9 * JAN *", "every day in January at 09:00 (UTC)")]
    [InlineData("0 9 1 JAN,JUL *", "on the 1st of January and July at 09:00 (UTC)")]
    [InlineData("0 9 * JAN-MAR MON", "every Monday in January, February and March at 09:00 (UTC)")]
    [InlineData("0 9 * * MON-WED,FRI", "every Monday, Tuesday, Wednesday and Friday at 09:00 (UTC)")]
    [InlineData("0 9 * * 1-3,5", "every Monday, Tuesday, Wednesday and Friday at 09:00 (UTC)")]
    [InlineData("0 9 * * 1-5/2", "every Monday, Wednesday and Friday at 09:00 (UTC)")]
    [InlineData("0 9 * * */2", "every Tuesday, Thursday, Saturday and Sunday at 09:00 (UTC)")]
    [InlineData("*/10 * * * * *", "every 10 seconds (UTC)")]
    [InlineData("*/20 * * * * 1-5", "every 20 seconds, every weekday (UTC)")]
    [InlineData("0 0 1,15 * 1", "on a Monday that is the 1st or 15th of every month at 00:00 (UTC)")]
    [InlineData("0 9 13 * FRI", "on a Friday that is the 13th of every month at 09:00 (UTC)")]
    [InlineData("0 9 * * 0-7", "every day at 09:00 (UTC)")]
    [InlineData("0 9 * * 7-7", "every Sunday at 09:00 (UTC)")]
    [InlineData("0 9 * * MON-FRI", "every weekday at 09:00 (UTC)")]
    [InlineData("0 9 * * 2-4", "every Tuesday through Thursday at 09:00 (UTC)")]
    [InlineData("*/7 * * * *", "cron */7 * * * * (UTC)")]
    [InlineData("*/7 * * * * *", "cron */7 * * * * * (UTC)")]
    public void Common_cron_forms_read_back_in_words(string spec, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options()).Description);
    }

    [Theory]
    [InlineData("@weekly", "every Sunday at 00:00 (UTC)")]
    [InlineData("@monthly", "every month on the 1st at 00:00 (UTC)")]
    [InlineData("@yearly", "every year on January 1 at 00:00 (UTC)")]
    [InlineData("@daily", "every day at 00:00 (UTC)")]
    [InlineData("@hourly", "every hour at minute 0 (UTC)")]
    public void Cron_macros_read_back_in_words(string spec, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options()).Description);
    }

    [Fact]
    public void A_nearest_weekday_description_matches_its_runs()
    {
        // 2026-03-15 is a Sunday: the nearest weekday is Monday the 16th (a Saturday goes back to Friday); 2026-04-15 is a Wednesday.
        var parsed = ScheduleParser.Parse("0 9 15W * *", Options("Europe/Berlin", Instant("2026-03-01T00:00:00Z")));
        Occurrences(parsed, ["2026-03-16T08:00:00Z", "2026-04-15T07:00:00Z"], after: Instant("2026-03-01T00:00:00Z"));
    }
}
