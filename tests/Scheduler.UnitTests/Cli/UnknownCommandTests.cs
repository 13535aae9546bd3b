using System.Text.Json;
using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>A mistyped command or task type is one line naming the word, what is accepted and the likely command.</summary>
public sealed class UnknownCommandTests
{
    [Theory]
    [InlineData(new[] { "lsit" }, "error: \"lsit\" is not a command; expected one of schedule, list, info,", "(did you mean list?)")]
    [InlineData(new[] { "--json", "stauts" }, "\"stauts\" is not a command;", "")]
    [InlineData(new[] { "schedule", "notifcation", "*/5 * * * *", "-m", "x" }, "error: \"notifcation\" is not a command of \"scheduler schedule\"; expected one of", "(did you mean notification?)")]
    [InlineData(new[] { "cleanup", "regster", "-d", "/tmp" }, "error: \"regster\" is not a command of \"scheduler cleanup\"; expected one of", "(did you mean register?)")]
    [InlineData(new[] { "schedule" }, "error: \"scheduler schedule\" needs a command; expected one of notification", "")]
    public async Task A_mistyped_command_is_one_line_naming_it_and_the_commands_accepted(string[] args, string expected, string hint)
    {
        var result = await CliParse.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        var errors = result.Err.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var error = args[0] == "--json" ? JsonDocument.Parse(result.Out).RootElement.GetProperty("error").GetString()! : Assert.Single(errors);
        Assert.Contains(expected.Replace("error: ", "", StringComparison.Ordinal), error);
        Assert.EndsWith(hint, error.TrimEnd());
        Assert.DoesNotContain("Required command", result.Err + result.Out);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "--bogus")]
    [InlineData(new[] { "--as" }, "--as")]
    public async Task An_option_s_own_error_where_a_command_goes_is_kept(string[] args, string named)
    {
        var result = await CliParse.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains(named, result.Err);
        Assert.DoesNotContain("needs a command", result.Err);
    }
}
