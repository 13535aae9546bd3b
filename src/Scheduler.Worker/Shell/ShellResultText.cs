using System.Text.Encodings.Web;
using System.Text.Json;

namespace Scheduler.Worker.Shell;

/// <summary>
/// A shell command's result as the run record keeps it: <c>{"exitCode","stdout","stderr"}</c>, JSON that stays whole
/// within the record's cap. Non-ASCII text is written as itself, not as <c>\uXXXX</c> (six times its length); when the
/// two outputs do not fit, stdout gives way first and stderr keeps at least half the room, since it is what tells why a
/// command failed. Cut inside the JSON, the record could not be read back.
/// </summary>
internal static class ShellResultText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Room left for "exit code N: " before the JSON when it becomes an error message.
    private const int MessageRoom = 32;

    public static string Compose(int exitCode, string stdout, string stderr, int maxLength)
    {
        var text = Serialize(exitCode, stdout, stderr);
        var budget = Math.Max(256, maxLength - MessageRoom);
        for (var tries = 0; text.Length > budget && tries < 8; tries++)
        {
            var over = text.Length - budget;
            // Escapes make a character take up to six in JSON: cut by more than the overflow, so a few rounds suffice.
            var cutOut = Math.Min(Math.Max(0, stdout.Length - 1), over + over / 2 + CappedReader.TruncatedMarker.Length);
            if (stdout.Length > budget / 2 || stderr.Length <= budget / 2)
                stdout = Cut(stdout, stdout.Length - cutOut);
            else
                stderr = Cut(stderr, stderr.Length - Math.Min(Math.Max(0, stderr.Length - 1), over + over / 2 + CappedReader.TruncatedMarker.Length));
            text = Serialize(exitCode, stdout, stderr);
        }
        return text;
    }

    private static string Serialize(int exitCode, string stdout, string stderr) =>
        JsonSerializer.Serialize(new ShellResult(exitCode, stdout, stderr), Json);

    // To keep characters in all, the marker included; a text cut before (by its reader) is cut again from its start.
    private static string Cut(string text, int keep)
    {
        if (text.EndsWith(CappedReader.TruncatedMarker, StringComparison.Ordinal)) text = text[..^CappedReader.TruncatedMarker.Length];
        var kept = Execution.TaskExecutor.Capped(text, Math.Max(0, keep - CappedReader.TruncatedMarker.Length))!;
        return kept.EndsWith(CappedReader.TruncatedMarker, StringComparison.Ordinal) ? kept : kept + CappedReader.TruncatedMarker;
    }

    private sealed record ShellResult(int ExitCode, string Stdout, string Stderr);
}
