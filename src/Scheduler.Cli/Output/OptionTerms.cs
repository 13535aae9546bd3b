using System.Text.RegularExpressions;

namespace Scheduler.Cli.Output;

/// <summary>
/// The client's checks name a schedule option as the library and REST API spell it ("maxRuns is 0"); on the command
/// line the same value was given as a flag, so the message names the flag the user typed.
/// </summary>
internal static partial class OptionTerms
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["maxRuns"] = "--max-runs",
        ["endAt"] = "--end-at",
        ["startAfter"] = "--start-after",
        ["startAt"] = "--start-at",
        ["moduleId"] = "--module",
        ["idempotencyKey"] = "--idempotency-key",
    };

    public static string InCliTerms(string message) => OptionName().Replace(message, m => Flags[m.Value]);

    [GeneratedRegex(@"(?<![\w""-])(maxRuns|endAt|startAfter|startAt|moduleId|idempotencyKey)(?![\w""])")]
    private static partial Regex OptionName();
}
