using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>A bad value of a number, true/false or enum option is named with what is accepted, never with a .NET type.</summary>
public sealed partial class OptionValueErrorTests
{
    [Theory]
    [InlineData(new[] { "list", "--limit", "abc" }, "--limit \"abc\" is not accepted; expected a whole number from 1 to 10000")]
    [InlineData(new[] { "list", "--limit", "0" }, "--limit \"0\" is not accepted; expected a whole number from 1 to 10000")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--max-runs", "99999999999" }, "--max-runs \"99999999999\" is not accepted; expected a whole number of at least 1")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--max-runs", "-3" }, "--max-runs \"-3\" is not accepted; expected a whole number of at least 1")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--max-runs", "abc" }, "--max-runs \"abc\" is not accepted; expected a whole number of at least 1")]
    [InlineData(new[] { "update", "t1", "--max-runs", "0" }, "--max-runs \"0\" is not accepted; expected a whole number of at least 1")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--retries", "101" }, "--retries \"101\" is not accepted; expected a whole number from 0 to 100")]
    [InlineData(new[] { "cleanup", "register", "-d", "/tmp", "-p", "*", "--retention-days", "-1" }, "--retention-days \"-1\" is not accepted; expected a whole number from 0 to 36500")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--misfire", "bogus" }, "--misfire \"bogus\" is not accepted; expected one of runOnce, skip, runAll")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--overlap", "7" }, "--overlap \"7\" is not accepted; expected one of")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--level", "loud" }, "--level \"loud\" is not accepted; expected one of info, warning, error")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--retries", "many" }, "--retries \"many\" is not accepted; expected a whole number from 0 to 100")]
    [InlineData(new[] { "cleanup", "register", "-d", "/tmp", "-p", "*", "--retention-days", "1e3" }, "--retention-days \"1e3\" is not accepted; expected a whole number from 0 to 36500")]
    [InlineData(new[] { "update", "t1", "--priority", "extreme" }, "--priority \"extreme\" is not accepted; expected one of normal, high, low")]
    [InlineData(new[] { "cleanup", "update", "c1", "--max-size-mb", "lots" }, "--max-size-mb \"lots\" is not accepted; expected a number")]
    [InlineData(new[] { "info", "t1", "--runs", "5000" }, "--runs \"5000\" is not accepted; expected a whole number from 1 to 1000")]
    // As the REST preview's count and info --next: one limit wherever occurrences are listed.
    [InlineData(new[] { "parse", "every day", "--next", "101" }, "--next \"101\" is not accepted; expected a whole number from 1 to 100")]
    [InlineData(new[] { "info", "t1", "--next", "101" }, "--next \"101\" is not accepted; expected a whole number from 1 to 100")]
    // An empty tag is quoted back, with what a tag may be.
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--tag", "" }, "tags holds \"\"; expected at most 50 tags, each 1 to 100 characters and not only spaces")]
    [InlineData(new[] { "update", "t1", "--clear", "bogus" }, "--clear \"bogus\" is not accepted; expected one of end-at, max-runs, jitter, tags")]
    // Options of several parts name the part, the value given, its range and the option's shape.
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--concurrency", "key=k,limit=x" }, "--concurrency limit \"x\" is not accepted; expected a whole number from 1 to 10000 (key=NAME,limit=N)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--concurrency", "key=k,limit=0" }, "--concurrency limit \"0\" is not accepted; expected a whole number from 1 to 10000 (key=NAME,limit=N)")]
    [InlineData(new[] { "update", "t1", "--concurrency", "key=k,limit=10001" }, "--concurrency limit \"10001\" is not accepted; expected a whole number from 1 to 10000 (key=NAME,limit=N)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--concurrency", "key=,limit=2" }, "--concurrency key is empty; expected a name such as \"backups\" or a template such as \"mcp:{serverName}\" (key=NAME,limit=N)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--rate-limit", "key=k,count=-1,per=1m" }, "--rate-limit count \"-1\" is not accepted; expected a whole number from 1 to 100000 (key=NAME,count=N,per=DURATION)")]
    [InlineData(new[] { "update", "t1", "--rate-limit", "key=k,count=5,per=0" }, "--rate-limit per \"0\" is not accepted; expected a duration from 100ms to 1d (key=NAME,count=N,per=DURATION)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--rate-limit", "key=k,count=5,per=soon" }, "--rate-limit per \"soon\" is not accepted; expected a duration from 100ms to 1d (key=NAME,count=N,per=DURATION)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--debounce", "key=k,window=2d" }, "--debounce window \"2d\" is not accepted; expected a duration from 100ms to 1d (key=NAME,window=DURATION)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--idempotency-key", "i", "--idempotency-window", "31d" }, "--idempotency-window \"31d\" is not accepted; expected a duration from 100ms to 30d (e.g. 10m)")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--jitter", "2h" }, "--jitter \"2h\" is not accepted; expected a duration from 0 to 1h, e.g. 30s, 5m or 00:05:00")]
    [InlineData(new[] { "update", "t1", "--jitter", "90m" }, "--jitter \"90m\" is not accepted; expected a duration from 0 to 1h, e.g. 30s, 5m or 00:05:00")]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--soft-timeout", "0" }, "--soft-timeout \"0\" is not accepted; expected a duration above 0, at most 1d, e.g. 30s, 5m or 00:05:00")]
    [InlineData(new[] { "update", "t1", "--hard-timeout", "2d" }, "--hard-timeout \"2d\" is not accepted; expected a duration above 0, at most 1d, e.g. 30s, 5m or 00:05:00")]
    [InlineData(new[] { "schedule", "shell", "in 5m", "--env", "=x", "--", "true" }, "--env \"=x\" is not accepted; expected KEY=VALUE with a name before the '=', e.g. --env LEVEL=debug")]
    public async Task A_bad_option_value_names_the_option_the_value_and_what_is_accepted(string[] args, string expected)
    {
        var result = await CliParse.RunAsync(args);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains($"error: {expected}", result.Err);
        Assert.DoesNotMatch(DotNetName(), result.Err);
        Assert.Single(result.Err.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_json_a_bad_option_value_is_one_error_object_on_stdout()
    {
        var result = await CliParse.RunAsync("list", "--limit", "abc", "--json");
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal("--limit \"abc\" is not accepted; expected a whole number from 1 to 10000",
            JsonDocument.Parse(result.Out).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Enum_values_are_read_by_name_in_any_case()
    {
        // Accepted values pass parsing and reach the connection, which here fails (exit 4), not the input check (exit 2).
        var result = await CliParse.RunAsync("schedule", "notification", "in 5m", "-m", "x", "--misfire", "RUNALL", "--priority", "high");
        Assert.Equal(ExitCodes.RedisUnreachable, result.Code);
    }

    [Fact]
    public void Every_number_and_enum_option_of_every_command_refuses_a_bad_value_without_a_dotnet_type_name()
    {
        var root = SchedulerCli.Build(new CliContext(TextWriter.Null, TextWriter.Null, _ => null));
        var checkedOptions = 0;
        foreach (var (path, option) in Options(root, []))
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (!(type.IsEnum || type == typeof(int) || type == typeof(double))) continue;
            checkedOptions++;
            var errors = OptionValues.Errors(root.Parse([.. path, option.Name, "nonsense"])).ToList();
            Assert.Contains(errors, e => e.StartsWith($"{option.Name} \"nonsense\"", StringComparison.Ordinal));
            Assert.All(errors, e => Assert.DoesNotMatch(DotNetName(), e));
        }
        Assert.True(checkedOptions > 15, $"only {checkedOptions} typed options found");
    }

    private static IEnumerable<(string[] Path, Option Option)> Options(Command command, string[] path)
    {
        foreach (var option in command.Options) yield return (path, option);
        foreach (var sub in command.Subcommands)
        foreach (var found in Options(sub, [.. path, sub.Name]))
            yield return found;
    }

    [GeneratedRegex(@"System\.|Scheduler\.Contracts|`1|expected type")]
    private static partial Regex DotNetName();
}
