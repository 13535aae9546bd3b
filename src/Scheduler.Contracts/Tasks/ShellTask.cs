using System.Text.Json;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Runs a command on the worker. The command and its arguments are executed directly (argv, no shell) unless
/// <see cref="UseShell"/> is set, in which case <see cref="Command"/> is a script for <c>/bin/sh -c</c>.
/// A non-zero exit code fails the attempt; the result is JSON with the exit code and the captured output.
/// </summary>
/// <param name="Command">The program to run (path or name on PATH), or the script when <see cref="UseShell"/> is true.</param>
/// <param name="Args">Arguments passed as-is, one argv entry each; with <see cref="UseShell"/> they become <c>$1</c>, <c>$2</c>…</param>
/// <param name="WorkingDirectory">Directory to run in; the worker's current directory when null.</param>
/// <param name="Environment">Variables added to (or replacing those in) the worker's environment.</param>
/// <param name="Stdin">Text written to standard input, which is then closed; empty input when null.</param>
/// <param name="UseShell">Run <see cref="Command"/> through <c>/bin/sh -c</c> (pipes, redirection, globbing).</param>
[TaskType("shell")]
public sealed record ShellTask(
    string Command,
    IReadOnlyList<string>? Args = null,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? Stdin = null,
    bool UseShell = false) : TaskDefinition
{
    private const int MaxCommandLength = 32 * 1024;
    private const int MaxStdinLength = 1024 * 1024;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (string.IsNullOrWhiteSpace(Command)) yield return "shell \"command\" is empty; expected a program name or path";
        else if (Command.Length > MaxCommandLength) yield return $"shell \"command\" is {Command.Length} characters; at most {MaxCommandLength} are accepted";
        else if (Command.Contains('\0')) yield return "shell \"command\" contains a NUL character; expected plain text";
        else if (!UseShell && IsCommandLine(Command)) yield return CommandLineGiven(Command);
        if (Args is not null && Args.Any(a => a is null || a.Contains('\0')))
            yield return "shell \"args\" has a null entry or a NUL character; expected plain strings";
        if (WorkingDirectory is not null && string.IsNullOrWhiteSpace(WorkingDirectory))
            yield return "shell \"workingDirectory\" is blank; expected a directory path or no value";
        // Relative, it would name a different directory on each worker (their own current directories).
        else if (WorkingDirectory is not null && !Path.IsPathRooted(WorkingDirectory))
            yield return $"shell \"workingDirectory\" \"{WorkingDirectory}\" is a relative path; expected an absolute path (a relative one would be read against each worker's own directory)";
        if (Environment is not null)
        {
            foreach (var name in Environment.Keys.Where(k => string.IsNullOrEmpty(k) || k.Contains('=') || k.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
                yield return $"shell \"environment\" has the invalid variable name \"{name}\"; expected a name without '=', spaces or control characters";
            foreach (var name in Environment.Where(v => v.Value is null || v.Value.Contains('\0')).Select(v => v.Key))
                yield return $"shell \"environment\" variable \"{name}\" has a null value or a NUL character in it; expected plain text";
        }
        if (Stdin is { Length: > MaxStdinLength }) yield return $"shell \"stdin\" is {Stdin.Length} characters; at most {MaxStdinLength} are accepted";
    }

    // "echo hi" without a shell is looked up as one program named "echo hi", which no PATH holds: every run would fail
    // "not found". A path may have spaces in its names ("/opt/My Tools/backup"), so a text with spaces is taken for a
    // command line when its first word is a bare name ("tar czf /tmp/x.tgz /etc") or a later word starts like an
    // argument, with '-' or '/' ("/usr/bin/find /tmp -name x"), which a path's next name rarely does.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool IsCommandLine(string command)
    {
        var words = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 && (!words[0].Contains('/') || words.Skip(1).Any(w => w[0] is '-' or '/'));
    }

    private static string CommandLineGiven(string command)
    {
        var words = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var args = string.Join(",", words.Skip(1).Select(w => JsonSerializer.Serialize(w, Readable)));
        return $"shell \"command\" \"{command}\" is a program with its arguments in one text, which without a shell is looked up as " +
            $"one program of that whole name (the command is not split into words); expected the program alone with its arguments in \"args\" (\"command\": " +
            $"{JsonSerializer.Serialize(words[0], Readable)}, \"args\": [{args}]; CLI: -- {string.Join(' ', words)}), or \"useShell\": true " +
            "(CLI --use-shell) to run it as a /bin/sh script";
    }
}
