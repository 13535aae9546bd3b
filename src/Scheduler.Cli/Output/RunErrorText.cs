using System.Text.Json;
using System.Text.RegularExpressions;

namespace Scheduler.Cli.Output;

/// <summary>
/// A run's error as a table cell cut at 48 characters shows it. A failed shell command's error is
/// <c>exit code 3: {"exitCode":3,"stdout":"…","stderr":"…"}</c>, whose cut left only the JSON's first keys, never the
/// output that says why it failed: the cell shows <c>exit code 3: &lt;the last line of stderr&gt;</c> (of stdout when
/// stderr is empty). <c>--full</c> and <c>--json</c> still give the error whole.
/// </summary>
internal static partial class RunErrorText
{
    public static string Short(string? error)
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
