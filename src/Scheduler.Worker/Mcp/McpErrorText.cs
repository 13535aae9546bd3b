using System.Text.RegularExpressions;

namespace Scheduler.Worker.Mcp;

/// <summary>
/// What an MCP server said went wrong, without the stack trace it may have sent along: servers return an exception's
/// whole text as a tool error (.NET's <c>ToString()</c>, JavaScript's <c>error.stack</c>, a Python traceback), and the
/// SDK's error for a stdio server that died carries the tail of its stderr, where a crash prints its trace. The run's
/// error keeps the lines that are not stack frames (the message, with the exception type when the server gave it); the
/// handler logs the whole text when anything was left out.
/// </summary>
internal static partial class McpErrorText
{
    /// <summary>The SDK's line before a dead stdio server's last stderr lines.</summary>
    public const string StderrTail = "Server's stderr tail:";

    private const int MaxLines = 3;
    private const int MaxLength = 500;

    /// <summary>
    /// <paramref name="text"/> as one line: its first message lines (at most three, 500 characters), or for a dead
    /// stdio server the SDK's line and the last message the server wrote before it died. Shortened is true when
    /// anything was left out.
    /// </summary>
    public static (string Text, bool Shortened) Condense(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var tail = Array.FindIndex(lines, l => l.Trim() == StderrTail);
        string condensed;
        if (tail >= 0)
        {
            // The crash is told last; what the server logged before it is cut off at the tail's start anyway.
            var head = Messages(lines[..tail]).ToList();
            var last = Blocks(lines[(tail + 1)..]).LastOrDefault(b => b.Count > 0);
            condensed = Join(head) + (last is null ? "" : $"; its stderr ended with: {Join(last)}");
        }
        else
        {
            condensed = Join(Messages(lines).Take(MaxLines));
        }
        condensed = Execution.TaskExecutor.Capped(condensed, MaxLength)!;
        if (condensed.Length == 0) condensed = text.Trim();
        return (condensed, condensed != text.Trim());
    }

    private static string Join(IEnumerable<string> lines) => string.Join("; ", lines);

    private static IEnumerable<string> Messages(IEnumerable<string> lines) => Blocks(lines).SelectMany(b => b);

    // Runs of message lines, split where stack frames or blank lines were; noise (Node's version banner, the caret
    // under a source line) left out.
    private static List<List<string>> Blocks(IEnumerable<string> lines)
    {
        var blocks = new List<List<string>> { new() };
        var afterPythonFrame = false;
        foreach (var raw in lines)
        {
            // A Python server's "Error executing tool x: Traceback (most recent call last):" keeps its own words.
            var line = TracebackHeader().Replace(raw.Trim(), "").Trim();
            // A Python frame ("File "x.py", line 3, in f") is followed by the source line it names, indented.
            var sourceLine = afterPythonFrame && raw.StartsWith("    ", StringComparison.Ordinal);
            afterPythonFrame = PythonFrame().IsMatch(line);
            if (line.Length == 0 || sourceLine || afterPythonFrame || Frame().IsMatch(raw) || Noise().IsMatch(line))
            {
                if (blocks[^1].Count > 0) blocks.Add([]);
                continue;
            }
            blocks[^1].Add(line);
        }
        return blocks;
    }

    // Indented, as every runtime prints them (so a message that starts with "at" stays): .NET and JavaScript frames
    // ("at X.Y(...)", "at f (file.js:1:2)"), .NET's section markers, Java's "... 3 more".
    [GeneratedRegex(@"^\s+(at\s+\S|---\s*End of .*---\s*$|\.\.\.\s*\d+\s+more\s*$)")]
    private static partial Regex Frame();

    [GeneratedRegex(@"^File "".*"", line \d+")]
    private static partial Regex PythonFrame();

    [GeneratedRegex(@"^(\^+|~*\^+~*|Node\.js v\d+(\.\d+)*)$")]
    private static partial Regex Noise();

    [GeneratedRegex(@"\s*Traceback \(most recent call last\):$")]
    private static partial Regex TracebackHeader();
}
