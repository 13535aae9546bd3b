using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Scheduler.Cli;
using Scheduler.Cli.Commands;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Cli;

/// <summary>Instants on the command line (<c>--since</c>, <c>--from</c>, <c>--until</c>, <c>--end-at</c>), "yesterday" included.</summary>
public sealed partial class InstantOptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 3, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("yesterday at 6pm", "UTC", "2026-12-02T18:00:00+00:00")]
    [InlineData("6pm yesterday", "UTC", "2026-12-02T18:00:00+00:00")]
    [InlineData("Yesterday at 09:15", "UTC", "2026-12-02T09:15:00+00:00")]
    [InlineData("yesterday", "UTC", "2026-12-02T03:30:00+00:00")]
    [InlineData("yesterday at 6pm", "Europe/Berlin", "2026-12-02T17:00:00+00:00")]
    public void Yesterday_is_the_calendar_day_before_today_in_the_zone(string text, string zone, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), InstantOption.Read(text, "--from", zone, new FakeTimeProvider(Now)));

    // A day without a time ends after that day, as the spec's "until dec 31" does; a time said is kept.
    [Theory]
    [InlineData("dec 31", "Europe/Berlin", "2026-12-31T23:59:59.999+01:00")]
    [InlineData("2026-12-31", "Europe/Berlin", "2026-12-31T23:59:59.999+01:00")]
    [InlineData("on dec 31", "UTC", "2026-12-31T23:59:59.999+00:00")]
    [InlineData("2026-12-31T00:00", "Europe/Berlin", "2026-12-31T00:00:00+01:00")]
    [InlineData("dec 31 at midnight", "UTC", "2026-12-31T00:00:00+00:00")]
    [InlineData("dec 31 at 6pm", "UTC", "2026-12-31T18:00:00+00:00")]
    [InlineData("2026-12-31T18:00", "UTC", "2026-12-31T18:00:00+00:00")]
    public void An_end_named_as_a_day_ends_after_that_day(string text, string zone, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), InstantOption.ReadEnd(text, "--end-at", zone, new FakeTimeProvider(Now)));

    [Fact]
    public void Yesterday_after_a_day_of_23_hours_is_still_the_day_before()
    {
        // 00:30 on 30 March 2026 in Berlin, the night after the clocks went forward: 24 hours back is 28 March.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 22, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 18, 0, 0, TimeSpan.FromHours(2)), InstantOption.Read("yesterday at 6pm", "--from", "Europe/Berlin", time));
    }

    [Theory]
    [InlineData("6h", "2026-12-02T21:30:00+00:00")]
    [InlineData("90m", "2026-12-03T02:00:00+00:00")]
    [InlineData("2026-12-01T09:00", "2026-12-01T09:00:00+00:00")]
    [InlineData("yesterday at 6pm", "2026-12-02T18:00:00+00:00")]
    public void A_look_back_is_a_duration_before_now_or_an_instant(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), InstantOption.ReadBack(text, "--from", new FakeTimeProvider(Now)));

    [Fact]
    public void An_empty_look_back_names_the_option_and_both_forms()
    {
        var error = Assert.Throws<CliException>(() => InstantOption.ReadBack(" ", "--from", new FakeTimeProvider(Now)));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("--from is empty; expected a duration back such as 30m, 2h, 2d or \"5 hours ago\", or an instant such as 2026-11-30T09:00Z, " +
            "\"yesterday at 6pm\" or \"today at 8am\"", error.Message);
    }

    [Theory]
    [InlineData("5 hours ago", "2026-12-02T22:30:00+00:00")]
    [InlineData("-5h", "2026-12-02T22:30:00+00:00")]
    [InlineData("- 90 minutes", "2026-12-03T02:00:00+00:00")]
    [InlineData("1 week ago", "2026-11-26T03:30:00+00:00")]
    [InlineData("2 days ago", "2026-12-01T03:30:00+00:00")]
    [InlineData("30 sec ago", "2026-12-03T03:29:30+00:00")]
    public void A_look_back_may_be_written_with_ago_or_a_minus_and_unit_words(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), InstantOption.ReadBack(text, "--since", new FakeTimeProvider(Now)));

    [Fact]
    public void A_look_back_in_words_no_form_knows_names_both_forms_not_the_schedule_grammar()
    {
        var error = Assert.Throws<CliException>(() => InstantOption.ReadBack("last week", "--since", new FakeTimeProvider(Now)));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("--since \"last week\" is neither a duration back nor an instant; expected a duration back such as 30m", error.Message);
        Assert.DoesNotContain("every", error.Message);
    }

    [Fact]
    public void A_bad_time_after_yesterday_is_reported_in_the_words_given()
    {
        var error = Assert.Throws<CliException>(() => InstantOption.Read("yesterday at 25pm", "--from", null, new FakeTimeProvider(Now)));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("\"yesterday at 25pm\"", error.Message);
        Assert.DoesNotContain("today", error.Message);
    }

    [Theory]
    [InlineData("whenever", "--start-at \"whenever\" is not an instant: unknown word \"whenever\" in \"whenever\"; expected one instant: now, 2026-12-01T09:00, \"tomorrow at 9am\" or \"in 30 minutes\"")]
    [InlineData("tomorrow at 25pm", "--start-at: invalid hour \"25\" in \"tomorrow at 25pm\"")]
    public void A_start_at_that_is_no_instant_names_instants_not_every_kind_of_spec(string text, string expected)
    {
        var error = Assert.Throws<ScheduleSpecException>(() => StartAtOption.Read(text, null, Context().Time));

        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain("every weekday", error.Message);
        Assert.DoesNotContain("cron:", error.Message);
    }

    [Theory]
    [InlineData("10m", 10 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1d", 86400)]
    public void A_start_at_given_as_a_duration_is_that_long_from_now(string text, int seconds)
    {
        var context = Context();

        var start = StartAtOption.Read(text, null, context.Time);

        Assert.Equal(context.Time.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds(), start!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Every_instant_a_help_text_gives_as_an_example_is_accepted()
    {
        var context = Context();
        var read = new List<string>();
        foreach (var option in Options(SchedulerCli.Build(context)))
        {
            if (option.Name is not ("--since" or "--from" or "--to" or "--until" or "--end-at" or "--start-at")) continue;
            foreach (var example in Examples(option.Description ?? ""))
            {
                var ex = Record.Exception(() => _ = option.Name switch
                {
                    "--since" => AuditCommand.Since(context, example),
                    "--from" or "--to" => InstantOption.ReadBack(example, option.Name, context.Time),
                    "--start-at" => StartAtOption.Read(example, null, context.Time),
                    "--until" => InstantOption.ReadAhead(example, option.Name, null, context.Time),
                    _ => InstantOption.Read(example, option.Name, null, context.Time),
                });
                Assert.True(ex is null, $"{option.Name} advertises \"{example}\": {ex?.Message}");
                read.Add($"{option.Name} {example}");
            }
        }
        Assert.Contains("--since yesterday at 6pm", read);
        Assert.Contains("--from yesterday at 6pm", read);
    }

    [Fact]
    public void Every_duration_a_help_text_gives_as_an_example_is_accepted()
    {
        var read = new List<string>();
        foreach (var option in Options(SchedulerCli.Build(Context())))
        {
            if (option.Name is not ("--wait" or "--timeout" or "--soft-timeout" or "--hard-timeout" or "--interval" or "--idempotency-window" or "--since" or "--from")) continue;
            foreach (Match duration in DurationExample().Matches(option.Description ?? ""))
            {
                var ex = Record.Exception(() => Durations.ParseOption(duration.Value, option.Name));
                Assert.True(ex is null, $"{option.Name} advertises {duration.Value}: {ex?.Message}");
                read.Add($"{option.Name} {duration.Value}");
            }
        }
        Assert.Contains("--interval 1d", read);
    }

    private static CliContext Context() => new(TextWriter.Null, TextWriter.Null, _ => null) { Time = new FakeTimeProvider(Now) };

    // Quoted examples ("yesterday at 6pm") and ISO date-times (2026-12-01T09:00) of a description.
    private static IEnumerable<string> Examples(string description) =>
        Quoted().Matches(description).Select(m => m.Groups[1].Value).Concat(Iso().Matches(description).Select(m => m.Value));

    private static IEnumerable<Option> Options(Command command) =>
        command.Options.Concat(command.Subcommands.SelectMany(Options)).Distinct();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Iso();

    [GeneratedRegex(@"\b\d+(\.\d+)?(ms|s|m|min|h|d)\b")]
    private static partial Regex DurationExample();
}
