using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "at 9 and 5": a bare hour after a later time reads as the morning (05:00), where people mean 9 to 5; refused, as
/// "from 9 to 5" is, with both ways to write it. A list in the day's order, or with the half written, reads as written.
/// Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class TimeListOrderSpecTests
{
    [Theory]
    [InlineData("every day at 9 and 5", "\"5\" after \"9\"", "reads as 05:00, before the 09:00", "\"5pm\" or \"17:00\" for the afternoon, or \"5am\" or \"05:00\" for the morning")]
    [InlineData("at 9 and 5 on weekdays", "\"5\" after \"9\"", "reads as 05:00, before the 09:00", "\"5pm\" or \"17:00\"")]
    [InlineData("twice a day at 9 and 5", "\"5\" after \"9\"", "reads as 05:00, before the 09:00", "\"5pm\" or \"17:00\"")]
    [InlineData("every weekday at 9am and 5", "\"5\" after \"9am\"", "reads as 05:00, before the 09:00", "\"5pm\" or \"17:00\"")]
    [InlineData("every day at 9, 1 and 5", "\"1\" after \"9\"", "reads as 01:00, before the 09:00", "\"1pm\" or \"13:00\" for the afternoon, or \"1am\" or \"01:00\" for the morning")]
    [InlineData("every monday at 10 and 2", "\"2\" after \"10\"", "reads as 02:00, before the 10:00", "\"2pm\" or \"14:00\"")]
    // With minutes or "o'clock" the hour is still bare, and the earlier time is quoted as written, all its words.
    [InlineData("every day at 9am and 5 o'clock", "\"5 o'clock\" after \"9am\"", "reads as 05:00, before the 09:00", "\"5pm\" or \"17:00\" for the afternoon, or \"5am\" or \"05:00\" for the morning")]
    [InlineData("every weekday at 9 and 5:30", "\"5:30\" after \"9\"", "reads as 05:30, before the 09:00", "\"5:30pm\" or \"17:30\" for the afternoon, or \"5:30am\" or \"05:30\" for the morning")]
    [InlineData("every day at 9 and 5:00", "\"5:00\" after \"9\"", "reads as 05:00, before the 09:00", "\"5pm\" or \"17:00\"")]
    [InlineData("every day at half past 9 and 5", "\"5\" after \"half past 9\"", "reads as 05:00, before the 09:30", "\"5pm\" or \"17:00\"")]
    public void A_bare_hour_after_a_later_time_is_refused_with_both_halves_to_write(string spec, string badPart, string why, string suggestion)
    {
        var message = Rejects(spec).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(why, message);
        Assert.Contains(suggestion, message);
    }

    [Theory]
    [InlineData("every day at 9 and 17", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T17:00:00Z")]
    [InlineData("every day at 9 and 5pm", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T17:00:00Z")]
    [InlineData("every day at 5 and 9", "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z", "2026-03-09T05:00:00Z")]
    [InlineData("every day at 9 and 05:00", "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z", "2026-03-09T05:00:00Z")]
    [InlineData("every day at 9 and 5am", "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z", "2026-03-09T05:00:00Z")]
    [InlineData("every day at 9am and 5 o'clock pm", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T17:00:00Z")]
    [InlineData("every day at 10, 11 and 12", "2026-03-08T10:00:00Z", "2026-03-08T11:00:00Z", "2026-03-08T12:00:00Z")]
    [InlineData("every day at 23 and 1", "2026-03-07T23:00:00Z", "2026-03-08T01:00:00Z", "2026-03-08T23:00:00Z")]
    [InlineData("six times a day at 1, 5, 9, 13, 17 and 21", "2026-03-07T13:00:00Z", "2026-03-07T17:00:00Z", "2026-03-07T21:00:00Z")]
    public void A_list_in_the_days_order_or_with_its_half_written_reads_as_written(string spec, params string[] expected)
    {
        Occurrences(ScheduleParser.Parse(spec, Options()), expected);
    }
}
