using Scheduler.Cli.Output;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Runs;

/// <summary>The CLI and the dashboard's pages show why a shell command failed, not the first keys of its JSON.</summary>
public sealed class RunErrorTextTests
{
    [Theory]
    [InlineData("""exit code 3: {"exitCode":3,"stdout":"","stderr":"oops\n"}""", "exit code 3: oops")]
    [InlineData("""exit code 1: {"exitCode":1,"stdout":"step 1\nstep 2\n","stderr":"warn\nTraceback\nValueError: bad row 7\n\n"}""", "exit code 1: ValueError: bad row 7")]
    [InlineData("""exit code 2: {"exitCode":2,"stdout":"usage: x\n","stderr":""}""", "exit code 2: usage: x")]
    [InlineData("""exit code 137: {"exitCode":137,"stdout":"","stderr":""}""", "exit code 137, no output")]
    [InlineData("""exit code 3: {"exitCode":3,"stdout":"","stderr":"oo""", """exit code 3: {"exitCode":3,"stdout":"","stderr":"oo""")]
    [InlineData("worker w1 stopped heart-beating", "worker w1 stopped heart-beating")]
    public void A_shell_error_shows_its_exit_code_and_last_line_of_output(string error, string expected) =>
        Assert.Equal(expected, RunErrorText.Words(error));

    [Fact]
    public void The_runs_table_shows_the_gist_and_full_shows_the_error_whole()
    {
        var at = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        var error = """exit code 3: {"exitCode":3,"stdout":"","stderr":"pg_dump: connection refused\n"}""";
        TaskRun[] runs = [new() { RunId = "t1:1", TaskId = "t1", Attempt = 1, WorkerId = "w", StartedAt = at, FinishedAt = at, Outcome = RunOutcome.Failed, Error = error }];

        Assert.Contains("exit code 3: pg_dump: connection refused", Formatting.RunsTable(runs, at));
        Assert.Contains(error, Formatting.RunsTable(runs, at, clip: false));
    }
}
