using Scheduler.Cli.Output;
using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Cli;

/// <summary>`scheduler runs` and `info` show a run's result beside its outcome, not only with --json.</summary>
public sealed class RunsTableTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static TaskRun Run(RunOutcome outcome, string? result, string? error) => new()
    {
        RunId = "t1:1", TaskId = "t1", Attempt = 1, WorkerId = "w", StartedAt = At, FinishedAt = At.AddMilliseconds(5),
        Outcome = outcome, Result = result, Error = error,
    };

    [Fact]
    public void A_succeeded_run_shows_its_result_and_a_failed_one_its_error()
    {
        var table = Formatting.RunsTable(
            [Run(RunOutcome.Succeeded, """{"exitCode":0,"stdout":"hello"}""", null), Run(RunOutcome.Failed, "ignored", "exit code 1")], At);

        Assert.Contains("ERROR / RESULT", table);
        Assert.Contains("""{"exitCode":0,"stdout":"hello"}""", table);
        Assert.Contains("exit code 1", table);
        Assert.DoesNotContain("ignored", table);
    }

    [Fact]
    public void Under_full_a_run_cut_short_shows_its_result_after_its_error()
    {
        var steps = """{"steps":[{"id":"a","outcome":"succeeded"},{"id":"b","outcome":"interrupted"},{"id":"c","outcome":"notStarted"}]}""";
        var cancelled = Run(RunOutcome.Cancelled, steps, "cancelled while running");

        var full = Formatting.RunsTable([cancelled], At, clip: false);

        Assert.Contains($"cancelled while running; result: {steps}", full);
        Assert.DoesNotContain("result:", Formatting.RunsTable([cancelled], At));
    }

    [Fact]
    public void A_timed_out_run_is_named_as_json_and_the_outcome_filter_name_it_timedOut()
    {
        var table = Formatting.RunsTable([Run(RunOutcome.TimedOut, null, "hard timeout")], At);

        Assert.Contains(" timedOut ", table);
        Assert.DoesNotContain("timedout", table);
    }
}
