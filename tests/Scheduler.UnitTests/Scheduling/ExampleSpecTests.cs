using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>The examples errors and the dashboard show: each parses, today and years from now, and they cover every family.</summary>
public sealed class ExampleSpecTests
{
    public static TheoryData<string> Specs() => [.. ScheduleParser.ExampleSpecs];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_example_parses_now_and_in_years_to_come(string spec)
    {
        Assert.NotNull(ScheduleParser.Parse(spec, Options()));
        Assert.NotNull(ScheduleParser.Parse(spec, Options("Europe/Berlin", Instant("2031-10-26T00:30:00Z"))));
        Assert.NotNull(ScheduleParser.Parse(spec));
    }

    [Fact]
    public void The_examples_show_one_shot_english_recurring_english_cron_rrule_and_iso_forms()
    {
        var kinds = ScheduleParser.ExampleSpecs.Select(s => ScheduleParser.Parse(s, Options())).ToList();
        Assert.Contains(kinds, k => k.Kind == ScheduleKind.Once);
        Assert.Contains(kinds, k => k.Kind == ScheduleKind.Cron);
        Assert.Contains(kinds, k => k.Kind == ScheduleKind.Interval);
        Assert.Contains(ScheduleParser.ExampleSpecs, s => s.StartsWith("RRULE:", StringComparison.Ordinal));
        Assert.Contains(ScheduleParser.ExampleSpecs, s => s.StartsWith("R/", StringComparison.Ordinal));
        Assert.Contains(ScheduleParser.ExampleSpecs, s => s.StartsWith("cron:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_error_lists_the_examples()
    {
        var e = Rejects("");
        foreach (var spec in ScheduleParser.ExampleSpecs) Assert.Contains($"\"{spec}\"", e.Message);
    }
}
