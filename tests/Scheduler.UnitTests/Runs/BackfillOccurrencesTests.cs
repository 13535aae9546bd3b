using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Runs;

public sealed class BackfillOccurrencesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 30, TimeSpan.Zero);

    private static ParsedSchedule Parse(string spec) => ScheduleParser.Parse(spec, new ScheduleParseOptions { TimeZone = "UTC", Now = Now });

    private static IReadOnlyList<DateTimeOffset> Compute(string spec, DateTimeOffset from, DateTimeOffset to, ScheduleOptions? options = null, int cap = BackfillPlan.MaxOccurrences) =>
        BackfillOccurrences.Compute("t1", Parse(spec), options ?? new ScheduleOptions(), from, to, Now, cap);

    [Fact]
    public void Both_ends_of_the_range_are_included()
    {
        var from = new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero);
        var instants = Compute("cron:*/15 * * * *", from, from.AddHours(1));

        Assert.Equal([from, from.AddMinutes(15), from.AddMinutes(30), from.AddMinutes(45), from.AddHours(1)], instants);
    }

    [Fact]
    public void Occurrences_outside_startAfter_and_endAt_are_not_backfilled()
    {
        var from = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var options = new ScheduleOptions { StartAfter = from.AddHours(2), EndAt = from.AddHours(4) };

        var instants = Compute("cron:0 * * * *", from, from.AddHours(10), options);

        Assert.Equal([from.AddHours(2), from.AddHours(3), from.AddHours(4)], instants);
    }

    [Fact]
    public void A_range_reaching_into_the_future_is_refused()
    {
        var e = Assert.Throws<InvalidBackfillException>(() => Compute("cron:* * * * *", Now.AddMinutes(-5), Now.AddMinutes(1)));
        Assert.Contains("is in the future", e.Message);
    }

    [Fact]
    public void A_reversed_range_is_refused()
    {
        var e = Assert.Throws<InvalidBackfillException>(() => Compute("cron:* * * * *", Now.AddMinutes(-1), Now.AddMinutes(-5)));
        Assert.Contains("expected from <= to", e.Message);
    }

    [Fact]
    public void More_occurrences_than_the_cap_are_refused_not_cut()
    {
        Assert.Equal(1000, Compute("cron:* * * * *", Now.AddMinutes(-1000), Now).Count);
        var e = Assert.Throws<InvalidBackfillException>(() => Compute("cron:* * * * *", Now.AddMinutes(-1001), Now));
        Assert.Contains("more than 1,000 occurrences", e.Message);
        Assert.Contains("narrow the range", e.Message);
    }

    [Fact]
    public void One_shot_and_trigger_schedules_cannot_be_backfilled_and_a_one_shot_is_pointed_to_trigger_or_retry()
    {
        var once = Assert.Throws<InvalidBackfillException>(() => Compute("in 5 minutes", Now.AddDays(-1), Now)).Message;
        Assert.Contains("runs once", once);
        // The way to run a one-shot again is named as every surface calls it: trigger (it said "run now") or retry.
        Assert.Contains("trigger it, or retry its failed run", once);
        Assert.DoesNotContain("run now", once);
        Assert.Contains("runs on a trigger", Assert.Throws<InvalidBackfillException>(() => Compute("on:file-arrived", Now.AddDays(-1), Now)).Message);
    }

    [Fact]
    public void A_request_survives_the_run_ledger_with_a_separator_in_the_actor()
    {
        var request = new RunRequest(RunRequestKind.Backfill, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "ops|night");

        Assert.Equal(request, RunRequest.FromLedger(request.ToLedger()));
        Assert.Null(RunRequest.FromLedger(""));
        Assert.Null(RunRequest.FromLedger("rerun|1|x"));
    }
}
