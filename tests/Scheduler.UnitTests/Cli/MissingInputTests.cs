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

    [Theory]
    [InlineData(new[] { "schedule", "notification", "every", "day", "at", "9am", "-m", "hi" },
        "\"scheduler schedule notification\" takes <spec> and got the extra words \"day\", \"at\", \"9am\"; a spec of several words goes in quotes, e.g. \"every day at 9am\"; usage: scheduler schedule notification <spec> [options]")]
    [InlineData(new[] { "reschedule", "t1", "every", "monday" }, "\"scheduler reschedule\" takes <id> <spec> and got the extra word \"monday\"; a spec of several words goes in quotes")]
    [InlineData(new[] { "pause", "t1", "vendor", "outage" }, "\"scheduler pause\" takes <id> and got the extra words \"vendor\", \"outage\"; a value of several words goes in quotes; usage: scheduler pause [<id>] [options]")]
    [InlineData(new[] { "list", "failed" }, "\"scheduler list\" takes no arguments, and \"failed\" was given; usage: scheduler list [options]")]
    public async Task Words_past_the_arguments_are_one_line_naming_them_and_the_arguments_taken(string[] args, string expected)
    {
        var result = await CliParse.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        var error = Assert.Single(result.Err.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(expected, error);
        Assert.DoesNotContain("Unrecognized command or argument", result.Err);
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
