using System.CommandLine;
using System.CommandLine.Parsing;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli;

/// <summary>
/// A mistyped command or task type (<c>scheduler lsit</c>, <c>scheduler schedule notifcation …</c>) said in one line
/// naming the word and what is accepted. System.CommandLine says "Required command was not provided." and then
/// "Unrecognized command or argument" once for the word and once for every argument after it.
/// </summary>
internal static class UnknownCommand
{
    /// <summary>The one error to show, or null when the command line names its commands (or has no word where one goes).</summary>
    public static string? Problem(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        // Only a command that does nothing by itself: one with its own action reads a stray word as its own problem.
        // System.CommandLine puts its "Required command was not provided." on the command itself; an error of an option
        // or argument ("--as" without its value) speaks for itself, and is left to say so.
        if (names.Count == 0 || command.Action is not null || !parse.Errors.Any(e => ReferenceEquals(e.SymbolResult, parse.CommandResult))
            || parse.Errors.Any(e => e.SymbolResult is OptionResult or ArgumentResult)) return null;
        // The group's own words are commands, so the first word nothing took is the one typed where a command goes; an
        // unknown option there is left to System.CommandLine's own error, which names it.
        var word = parse.UnmatchedTokens.FirstOrDefault();
        if (word is not null && word.StartsWith('-')) return null;
        var path = string.Join(' ', Path(parse.CommandResult));
        if (word is null) return $"\"{path}\" needs a command; expected one of {string.Join(", ", names)}";
        var of = command is RootCommand ? "" : $" of \"{path}\"";
        return $"\"{word}\" is not a command{of}; expected one of {string.Join(", ", names)}{DidYouMean(word, names)}";
    }

    private static IEnumerable<string> Path(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Push(c.Command is RootCommand ? "scheduler" : c.Command.Name);
        return names;
    }

    private static string DidYouMean(string word, IReadOnlyList<string> names)
    {
        var typed = word.ToLowerInvariant();
        var close = names.Select(n => (Name: n, Distance: SpecWords.EditDistance(typed, n)))
            .Where(n => n.Distance <= (n.Name.Length >= 7 ? 2 : 1) || (typed.Length >= 3 && n.Name.StartsWith(typed, StringComparison.Ordinal)))
            .OrderBy(n => n.Distance).ToList();
        return close.Count > 0 && (close.Count == 1 || close[0].Distance < close[1].Distance) ? $" (did you mean {close[0].Name}?)" : "";
    }
}
