using System.CommandLine;
using System.Text.RegularExpressions;
using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>What <c>--help</c> shows is what a user types: enum choices as README spells them, optional arguments in brackets.</summary>
public sealed class HelpTextTests
{
    [Theory]
    [InlineData("schedule notification", "--misfire <runOnce|skip|runAll>")]
    [InlineData("schedule notification", "--overlap <skip|allow|queue|cancelPrevious>")]
    [InlineData("update", "--priority <normal|high|low>")]
    [InlineData("list", "--status <scheduled|paused|running|completed|failed|cancelled|expired>")]
    public async Task Help_lists_enum_choices_as_they_are_typed(string commandLine, string shown)
    {
        var help = await CliParse.RunAsync([.. commandLine.Split(' '), "--help"]);
        Assert.Equal(0, help.Code);
        Assert.Contains(shown, help.Out);
    }

    [Fact]
    public async Task Every_enum_choice_any_help_shows_is_camel_case_and_accepted_by_its_option()
    {
        var root = SchedulerCli.Build(new CliContext(TextWriter.Null, TextWriter.Null, _ => null));
        var seen = 0;
        foreach (var (path, option) in Options(root, []))
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (!type.IsEnum) continue;
            seen++;
            var help = (await CliParse.RunAsync([.. path, "--help"])).Out;
            var shown = Regex.Match(help, $@"{Regex.Escape(option.Name)} <(?<choices>[^>]+)>");
            Assert.True(shown.Success, $"{string.Join(' ', path)} --help does not list {option.Name}");
            var choices = shown.Groups["choices"].Value.Split('|');
            Assert.Equal(Enum.GetNames(type).Length, choices.Length);
            foreach (var choice in choices)
            {
                Assert.True(char.IsLower(choice[0]), $"{option.Name} shows \"{choice}\"");
                var errors = OptionValues.Errors(root.Parse([.. path, option.Name, choice])).ToList();
                Assert.DoesNotContain(errors, e => e.Contains(option.Name, StringComparison.Ordinal));
            }
        }
        Assert.True(seen >= 6, $"only {seen} enum options found");
    }

    [Theory]
    [InlineData("", "pause [<id>]")]
    [InlineData("", "resume [<id>]")]
    [InlineData("", "cancel [<id>]")]
    [InlineData("", "dismiss [<runId>...]")]
    [InlineData("cleanup", "run [<id>]")]
    [InlineData("", "delete <id>")]
    [InlineData("", "reschedule <id> <spec>")]
    [InlineData("cleanup", "get <id>")]
    public async Task A_parent_lists_each_command_with_its_arguments_as_its_usage_line_does(string parent, string row)
    {
        var help = await CliParse.RunAsync([.. parent.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        var lines = Commands(help.Out);
        var line = Assert.Single(lines, l => l.StartsWith($"  {row}  ", StringComparison.Ordinal));
        // The descriptions stay in one column.
        Assert.All(lines, l => Assert.Equal(Column(line), Column(l)));
        var usage = await CliParse.RunAsync([.. parent.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.Split(' ')[0], "--help"]);
        Assert.Contains($"{row} [options]", usage.Out);
    }

    private static List<string> Commands(string help) =>
        help.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();

    private static int Column(string row) => Regex.Match(row, @"^  \S.*?\S  +").Length;

    private static IEnumerable<(string[] Path, Option Option)> Options(Command command, string[] path)
    {
        foreach (var option in command.Options) yield return (path, option);
        foreach (var sub in command.Subcommands)
        foreach (var found in Options(sub, [.. path, sub.Name]))
            yield return found;
    }
}
