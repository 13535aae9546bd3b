using System.Text.Json;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Runs;

/// <summary>
/// A run's error in words, wherever a person reads it (the CLI's tables and reports, the dashboard's run, task and
/// failed-runs pages). A failed shell command's error is <c>exit code 3: {"exitCode":3,"stdout":"…","stderr":"…"}</c>,
/// whose JSON buries the output that says why it failed: it reads <c>exit code 3: &lt;the last line of stderr&gt;</c> (of
/// stdout when stderr is empty). The run's record, and so REST, <c>--json</c> and <c>--full</c>, keep the error whole.
/// </summary>
internal static partial class RunErrorText
{
    public static string Words(string? error)
    {
        if (error is null) return "";
        var match = ShellError().Match(error);
        if (!match.Success) return error;
        try
        {
            using var json = JsonDocument.Parse(match.Groups["json"].Value);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return error;
            var line = LastLine(root, "stderr") ?? LastLine(root, "stdout");
            return line is null ? $"exit code {match.Groups["code"].Value}, no output" : $"exit code {match.Groups["code"].Value}: {line}";
        }
        catch (JsonException)
        {
            return error; // Not the shell handler's JSON after all (or cut by the record's cap): shown as it is.
        }
    }

    // The last line a failing command wrote is most often its reason ("Permission denied", a traceback's exception).
    private static string? LastLine(JsonElement root, string stream) =>
        root.TryGetProperty(stream, out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()!.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0)
            : null;

    [GeneratedRegex(@"\Aexit code (?<code>-?\d+): (?<json>\{.*\})\z", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ShellError();
}
