using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli;

/// <summary>
/// A missing argument, a missing required option and an option the command does not have, said in the CLI's words.
/// System.CommandLine says "Required argument missing for command: 'info'." (not which argument, nor what it takes),
/// "Option '--message' is required." (not what it takes) and "Unrecognized command or argument '--stauts'." (not of
/// which command, nor what it has).
/// </summary>
internal static partial class MissingInput
{
    /// <summary>The error in the CLI's words, or null when <paramref name="error"/> is none of these.</summary>
    public static string? Problem(ParseResult parse, ParseError error)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);
        if (error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var missing = command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > (parse.GetResult(a)?.Tokens.Count ?? 0));
            if (missing is null) return null;
            return $"\"{path}\" needs <{missing.Name}>{Described(missing.Description)}; usage: {path} {Usage(command)}";
        }
        if (RequiredOption().Match(error.Message) is { Success: true } required
            && command.Options.FirstOrDefault(o => o.Name == required.Groups[1].Value) is { } option)
            return $"\"{path}\" needs {option.Name} <{option.HelpName ?? option.Name.TrimStart('-')}>{Described(option.Description)}";
        if (Unrecognized().Match(error.Message) is { Success: true } unknown && unknown.Groups[1].Value.StartsWith('-')
            && command.Subcommands.Count == 0)
        {
            var word = unknown.Groups[1].Value;
            var names = OptionsOf(parse.CommandResult).ToList();
            return $"\"{word}\" is not an option of \"{path}\"{DidYouMean(word, names)}";
        }
        if (Unrecognized().Match(error.Message) is { Success: true } extra && !extra.Groups[1].Value.StartsWith('-')
            && command.Subcommands.Count == 0)
            return ExtraWords(parse, command, path);
        return null;
    }

    /// <summary>
    /// Words past the command's arguments, all named in one line (so the errors, one per word, collapse into it): most
    /// often a spec or a note of several words given without quotes, which System.CommandLine reports word by word.
    /// </summary>
    private static string ExtraWords(ParseResult parse, Command command, string path)
    {
        var words = parse.UnmatchedTokens.Where(t => !t.StartsWith('-'))
            .Where(t => !IsValueOfUnknownOption(parse, t)).ToList();
        var given = string.Join(", ", words.Select(w => $"\"{w}\""));
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        if (arguments.Count == 0) return $"\"{path}\" takes no arguments, and {given} {(words.Count == 1 ? "was" : "were")} given; usage: {path} {Usage(command)}";
        var quoting = arguments.Any(a => a.Name == "spec")
            ? "a spec of several words goes in quotes, e.g. \"every day at 9am\""
            : "a value of several words goes in quotes";
        return $"\"{path}\" takes {string.Join(" ", arguments.Select(a => $"<{a.Name}>"))} and got the extra word{(words.Count == 1 ? "" : "s")} {given}; "
            + $"{quoting}; usage: {path} {Usage(command)}";
    }

    /// <summary>
    /// True for System.CommandLine's error about the word after an option the command does not have (<c>--stauts
    /// failed</c>): that word is the unknown option's value, and the option's own error says what is wrong.
    /// </summary>
    public static bool IsValueOfUnknownOption(ParseResult parse, ParseError error)
    {
        if (Unrecognized().Match(error.Message) is not { Success: true } unknown || unknown.Groups[1].Value.StartsWith('-')) return false;
        return IsValueOfUnknownOption(parse, unknown.Groups[1].Value);
    }

    private static bool IsValueOfUnknownOption(ParseResult parse, string word)
    {
        for (var i = 1; i < parse.Tokens.Count; i++)
            if (parse.Tokens[i].Value == word && parse.Tokens[i - 1].Value.StartsWith('-')
                && parse.UnmatchedTokens.Contains(parse.Tokens[i - 1].Value))
                return true;
        return false;
    }

    private static string Described(string? description) =>
        string.IsNullOrWhiteSpace(description) ? "" : $" ({char.ToLowerInvariant(description[0])}{description[1..].TrimEnd('.')})";

    private static string Usage(Command command) =>
        string.Join(' ', command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues > 0 ? $"<{a.Name}>" : $"[<{a.Name}>]")
            .Concat(command.Options.Any(o => !o.Hidden) ? ["[options]"] : []));

    // The options of the command and those of its parents that apply to it (--json, --redis, …).
    private static IEnumerable<string> OptionsOf(CommandResult result)
    {
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c)
                foreach (var option in c.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(c, result) || o.Recursive)))
                {
                    yield return option.Name;
                    foreach (var alias in option.Aliases) yield return alias;
                }
    }

    /// <summary>The command line's words up to the command <paramref name="result"/> is of: <c>scheduler cleanup register</c>.</summary>
    public static string CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Push(c.Command is RootCommand ? "scheduler" : c.Command.Name);
        return string.Join(' ', names);
    }

    private static string DidYouMean(string word, IReadOnlyList<string> names)
    {
        var typed = word.ToLowerInvariant();
        var close = names.Where(n => n.StartsWith("--", StringComparison.Ordinal))
            .Select(n => (Name: n, Distance: SpecWords.EditDistance(typed, n)))
            .Where(n => n.Distance <= (n.Name.Length >= 7 ? 2 : 1)).OrderBy(n => n.Distance).ToList();
        return close.Count > 0 && (close.Count == 1 || close[0].Distance < close[1].Distance) ? $" (did you mean {close[0].Name}?)" : "";
    }

    [GeneratedRegex("^Option '([^']+)' is required\\.$")]
    private static partial Regex RequiredOption();

    [GeneratedRegex("^Unrecognized command or argument '(.+)'\\.$")]
    private static partial Regex Unrecognized();
}
