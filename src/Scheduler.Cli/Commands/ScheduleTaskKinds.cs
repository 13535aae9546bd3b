using System.CommandLine;
using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>The <c>schedule</c> subcommands for shell, MCP tool, plugin and sequence tasks, and any task as JSON.</summary>
internal static class ScheduleTaskKinds
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Shell(context);
        yield return Mcp(context);
        yield return Plugin(context);
        yield return Sequence(context);
        yield return AnyTask(context);
    }

    private static Command Shell(CliContext context)
    {
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var useShell = new Option<bool>("--use-shell") { Description = "Run through /bin/sh -c (off: argv is executed directly)" };
        var cwd = new Option<string?>("--cwd") { Description = "Working directory" };
        var env = new Option<string[]>("--env") { Description = "KEY=VALUE environment variable (repeatable)" };
        return ScheduleCommand.Kind(context, "shell", "Run a command (argv, no shell unless --use-shell)", [commandLine, useShell, cwd, env], parse =>
        {
            RefuseUnknownOptions(parse, commandLine);
            var words = parse.GetValue(commandLine)!;
            return new ShellTask(words[0], words.Length > 1 ? words[1..] : null, parse.GetValue(cwd),
                Pairs(parse.GetValue(env), "--env"), UseShell: parse.GetValue(useShell));
        });
    }

    private static Command Mcp(CliContext context)
    {
        var server = new Option<string>("--server-name") { Description = "MCP server name from the worker's configuration", Required = true };
        var tool = new Option<string>("--tool-name") { Description = "Tool to call", Required = true };
        var arguments = new Option<string?>("--arguments") { Description = "Tool arguments as a JSON object" };
        var arg = new Option<string[]>("--arg") { Description = "KEY=VALUE string argument (repeatable)" };
        return ScheduleCommand.Kind(context, "mcp_tool", "Call a tool on a configured MCP server", [server, tool, arguments, arg], parse =>
        {
            var values = new Dictionary<string, JsonElement>();
            if (parse.GetValue(arguments) is { } json)
            {
                try
                {
                    foreach (var p in JsonDocument.Parse(json).RootElement.EnumerateObject()) values[p.Name] = p.Value.Clone();
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException)
                {
                    throw new CliException(ExitCodes.BadInput, $"--arguments is not a JSON object ({e.Message.Split('.')[0]}); expected e.g. '{{\"message\": \"hi\"}}'");
                }
            }
            foreach (var (k, v) in Pairs(parse.GetValue(arg), "--arg") ?? new Dictionary<string, string>())
                values[k] = JsonSerializer.SerializeToElement(v);
            return new McpToolTask(parse.GetValue(server)!, parse.GetValue(tool)!, values.Count > 0 ? values : null);
        });
    }

    private static Command Plugin(CliContext context)
    {
        var plugin = new Option<string>("--plugin") { Description = "Plugin name", Required = true };
        var command = new Option<string>("--command") { Description = "Plugin command", Required = true };
        var arg = new Option<string[]>("--arg") { Description = "KEY=VALUE argument (repeatable)" };
        return ScheduleCommand.Kind(context, "plugin", "Run a command of a plugin from the worker's plugins folder", [plugin, command, arg],
            parse => new PluginCommandTask(parse.GetValue(plugin)!, parse.GetValue(command)!, Pairs(parse.GetValue(arg), "--arg")));
    }

    private static Command Sequence(CliContext context)
    {
        var file = new Option<string>("--steps") { Description = "JSON file (at most 1 MiB) with the steps array ('-' reads stdin)", Required = true };
        return ScheduleCommand.Kind(context, "sequence", "Run steps in dependency order", [file], parse =>
            new SequenceTask(JsonFileOption.Read<List<SequenceStep>>(parse.GetValue(file)!, "--steps",
                "[{\"id\": \"a\", \"task\": {\"type\": \"notification\", \"message\": \"hi\"}}]", root: "steps")));
    }

    private static Command AnyTask(CliContext context)
    {
        var file = new Option<string>("--definition") { Description = "JSON file (at most 1 MiB) with a task definition including \"type\" ('-' reads stdin)", Required = true };
        return ScheduleCommand.Kind(context, "task", "Schedule any task type from its JSON definition", [file], parse =>
            JsonFileOption.Read<TaskDefinition>(parse.GetValue(file)!, "--definition", "{\"type\": \"notification\", \"message\": \"hi\"}"));
    }

    /// <summary>
    /// System.CommandLine takes a word it does not know as an option ("--max-retries" for --retries) for the first word
    /// of the command, which would store "--max-retries" as the program to run: before <c>--</c> such a word is refused.
    /// After <c>--</c> every word is the command's, so a program or argument may start with '-' there.
    /// </summary>
    private static void RefuseUnknownOptions(ParseResult parse, Argument<string[]> commandLine)
    {
        var doubleDash = parse.Tokens.ToList().FindIndex(t => t.Type == System.CommandLine.Parsing.TokenType.DoubleDash);
        var beforeDoubleDash = doubleDash < 0 ? parse.Tokens : parse.Tokens.Take(doubleDash);
        if (parse.GetResult(commandLine)?.Tokens.FirstOrDefault(t => t.Value is ['-', _, ..] && beforeDoubleDash.Any(b => ReferenceEquals(b, t))) is { } unknown)
            throw new CliException(ExitCodes.BadInput,
                $"\"{unknown.Value}\" is not an option of schedule shell (see scheduler schedule shell --help); the command and its arguments go after --, " +
                "e.g. schedule shell \"every day at 2am\" --retries 0 -- backup.sh --full");
    }

    private static Dictionary<string, string>? Pairs(string[]? items, string option)
    {
        if (items is not { Length: > 0 }) return null;
        var pairs = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new CliException(ExitCodes.BadInput, $"{option} \"{item}\" is not accepted; expected KEY=VALUE with a name before the '=', e.g. {option} LEVEL=debug");
            // The last would silently win: a typo in a long command line should not replace a value unseen.
            if (!pairs.TryAdd(item[..eq], item[(eq + 1)..]))
                throw new CliException(ExitCodes.BadInput, $"{option} gives \"{item[..eq]}\" twice ({item[..eq]}={pairs[item[..eq]]}, {item}); give each name once");
        }
        return pairs;
    }
}
