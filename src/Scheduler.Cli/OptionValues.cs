using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Scheduler.Cli;

/// <summary>
/// The values of number, true/false and enum options, checked in the CLI's words. System.CommandLine's own conversion
/// errors name the .NET type ("as expected type 'System.Nullable`1[System.Int32]'") and its enum conversion takes any
/// number ("--misfire 7"), so every such option of the command tree gets one check here instead: it names the option,
/// the value given and what is accepted (the names of an enum, the range of a number).
/// </summary>
internal static class OptionValues
{
    private sealed record Range(long Min, long Max);

    // What each checked option accepts; an option missing here has its own parser (--status reads "pending") and is left alone.
    private static readonly ConditionalWeakTable<Option, Type> Checked = new();
    private static readonly ConditionalWeakTable<Option, Range> Ranges = new();

    /// <summary>
    /// Accepts only whole numbers from <paramref name="min"/> to <paramref name="max"/>; the error states the range. A
    /// number outside it ("--max-runs -3") is refused here too, in the words of a value that is no number ("--max-runs
    /// abc"): what was given and what is accepted, rather than the client's words for the same field.
    /// </summary>
    public static Option<int> Within(this Option<int> option, int min, int max)
    {
        Ranges.AddOrUpdate(option, new Range(min, max));
        return option;
    }

    /// <inheritdoc cref="Within(Option{int}, int, int)"/>
    public static Option<int?> Within(this Option<int?> option, int min, int max)
    {
        Ranges.AddOrUpdate(option, new Range(min, max));
        return option;
    }

    /// <summary>Adds the check to every number, true/false and enum option of <paramref name="root"/> and its subcommands.</summary>
    public static void CheckAll(Command root)
    {
        var seen = new HashSet<Option>();
        var commands = new Stack<Command>([root]);
        while (commands.TryPop(out var command))
        {
            foreach (var sub in command.Subcommands) commands.Push(sub);
            foreach (var option in command.Options)
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (!(type.IsEnum || type == typeof(int) || type == typeof(double) || type == typeof(bool)) || HasOwnParser(option) || !seen.Add(option)) continue;
                Checked.AddOrUpdate(option, type);
                option.Validators.Add(result =>
                {
                    if (Problem(result) is { } problem) result.AddError(problem);
                });
            }
        }
    }

    /// <summary>
    /// The errors of <paramref name="parse"/> to show: System.CommandLine's conversion error of a checked option is
    /// dropped, as the check said the same in the CLI's words.
    /// </summary>
    public static IEnumerable<string> Errors(ParseResult parse) =>
        parse.Errors
            .Where(e => !(e.SymbolResult is OptionResult result && Problem(result) is { } ours && ours != e.Message))
            .Where(e => !MissingInput.IsValueOfUnknownOption(parse, e))
            .Select(e => FlagValueProblem(parse, e) ?? ChoiceProblem(e) ?? MissingInput.Problem(parse, e) ?? e.Message)
            .Distinct();

    // System.CommandLine refuses a value outside an option's choices ("--clear bogus") over several lines, one choice
    // on each; said here on one line, as every other error is.
    private static string? ChoiceProblem(ParseError error)
    {
        var lines = error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || !lines[0].EndsWith("Must be one of:", StringComparison.Ordinal)) return null;
        var value = lines[0].Split('\'') is { Length: >= 3 } quoted ? quoted[1] : "";
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult { Parent: OptionResult o } => o.Option.Name,
            ArgumentResult a => a.Argument.Name,
            _ => "the value",
        };
        return $"{option} \"{value}\" is not accepted; expected one of {string.Join(", ", lines.Skip(1).Select(l => l.Trim('\'')))}";
    }

    // A true/false option takes the next word only when it is true or false, so "--recurring maybe" leaves "maybe" over
    // and System.CommandLine says only "Unrecognized command or argument 'maybe'": said here of the option it follows.
    // An unknown option after the flag ("--json --bogus") is no value of it; MissingInput names it as unknown.
    private static string? FlagValueProblem(ParseResult parse, ParseError error)
    {
        for (var i = 1; i < parse.Tokens.Count; i++)
        {
            var (flag, value) = (parse.Tokens[i - 1], parse.Tokens[i]);
            if (flag.Type == TokenType.Option && value.Type == TokenType.Argument && !value.Value.StartsWith('-') && parse.UnmatchedTokens.Contains(value.Value)
                && error.Message.Contains($"'{value.Value}'", StringComparison.Ordinal)
                && parse.GetResult(flag.Value) is OptionResult { Option: var option }
                && (Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType) == typeof(bool))
                return $"{option.Name} \"{value.Value}\" is not accepted; expected true or false";
        }
        return null;
    }

    /// <summary>What is wrong with the value given to a checked option, or null when it is accepted (or not checked here).</summary>
    internal static string? Problem(OptionResult result)
    {
        if (!Checked.TryGetValue(result.Option, out var type)) return null;
        foreach (var token in result.Tokens)
        {
            var text = token.Value;
            var accepted = type.IsEnum ? IsName(type, text)
                : type == typeof(bool) ? bool.TryParse(text, out _)
                : type == typeof(double) ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && InRange(RangeOf(result.Option), n);
            if (!accepted) return $"{result.Option.Name} \"{text}\" is not accepted; expected {Accepted(result.Option, type)}";
        }
        return null;
    }

    private static string Accepted(Option option, Type type)
    {
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(double)) return "a number such as 1 or 2.5";
        var range = RangeOf(option);
        // "from 1 to 2147483647" reads as a limit to look up; none is meant beyond what an int holds.
        return (range.Min, range.Max) switch
        {
            (int.MinValue, int.MaxValue) => "a whole number",
            (_, int.MaxValue) => $"a whole number of at least {range.Min}",
            _ => $"a whole number from {range.Min} to {range.Max}",
        };
    }

    private static Range RangeOf(Option option) => Ranges.TryGetValue(option, out var range) ? range : new Range(int.MinValue, int.MaxValue);

    private static bool InRange(Range range, int n) => n >= range.Min && n <= range.Max;

    // Names only, in any case: System.CommandLine would also take "7" (or "1,2") as an enum value that names nothing.
    private static bool IsName(Type type, string text) =>
        Enum.GetNames(type).Any(name => name.Equals(text, StringComparison.OrdinalIgnoreCase));

    // Option<T>.CustomParser is typed by T, so it is read by name: such an option says what it accepts itself.
    private static bool HasOwnParser(Option option) =>
        option.GetType().GetProperty(nameof(Option<int>.CustomParser))?.GetValue(option) is not null;
}
