using System.Text.Json;
using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// A missing argument, a missing required option or an option the command does not have is one line naming what is
/// missing (or mistyped), what it takes and the command, not System.CommandLine's "Required argument missing for
/// command: 'info'." or "Unrecognized command or argument".
/// </summary>
public sealed class MissingInputTests
{
    [Theory]
    [InlineData(new[] { "info" }, "\"scheduler info\" needs <id> (task id); usage: scheduler info <id> [options]")]
    [InlineData(new[] { "reschedule", "t1" }, "\"scheduler reschedule\" needs <spec>")]
    [InlineData(new[] { "retry" }, "\"scheduler retry\" needs <runId>")]
    [InlineData(new[] { "schedule", "notification", "every 10s" }, "\"scheduler schedule notification\" needs --message <")]
    [InlineData(new[] { "list", "--stauts", "failed" }, "\"--stauts\" is not an option of \"scheduler list\" (did you mean --status?)")]
    [InlineData(new[] { "list", "--json", "--bogus" }, "\"--bogus\" is not an option of \"scheduler list\"")]
    [InlineData(new[] { "runs", "t1", "--limt", "5" }, "\"--limt\" is not an option of \"scheduler runs\" (did you mean --limit?)")]
    public async Task Missing_or_unknown_input_is_one_line_naming_it(string[] args, string expected)
    {
        var result = await CliParse.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        var errors = (args.Contains("--json") ? "error: " + JsonDocument.Parse(result.Out).RootElement.GetProperty("error").GetString() : result.Err).Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Contains(expected, Assert.Single(errors));
        Assert.DoesNotContain("Required argument missing", result.Err);
        Assert.DoesNotContain("Unrecognized command or argument", result.Err);
        Assert.DoesNotContain("is required.", result.Err);
        Assert.DoesNotContain("expected true or false", result.Err + result.Out);
    }

    [Fact]
    public async Task Under_json_the_missing_argument_is_the_error_object()
    {
        var result = await CliParse.RunAsync("--json", "info");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("\"scheduler info\" needs <id>", JsonDocument.Parse(result.Out).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_usage_hint_names_the_help_of_the_command_given()
    {
        var result = await CliParse.RunAsync("cleanup", "register", "-d", "/tmp");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("\"scheduler cleanup register\" needs --pattern <pattern>", result.Err);
        Assert.EndsWith("run 'scheduler cleanup register --help' for usage", result.Err.TrimEnd());
    }
}
