namespace Scheduler.Worker.Shell;

/// <summary>
/// What keeps a shell task from starting, found before it is started. Through <c>setsid</c> the program is run by
/// setsid's own exec, so a program that does not exist does not fail <c>Process.Start</c>: the run would "exit 127"
/// with setsid's message, and be retried as if another try could find it. It is looked up here as that exec will
/// (the child's PATH, a name with '/' from the working directory); only what no lookup can find is refused, so
/// whatever exec could still run (or refuse itself, e.g. a file that is not executable) is left to it.
/// </summary>
internal static class ProgramLookup
{
    // What glibc's execvp searches when PATH is unset.
    private const string DefaultPath = "/bin:/usr/bin";

    /// <summary>Why <paramref name="program"/> cannot start in <paramref name="workingDirectory"/>; null when nothing is known to be missing.</summary>
    /// <param name="path">The child's PATH (null when it has none).</param>
    public static string? Problem(string program, string? workingDirectory, string? path)
    {
        if (workingDirectory is not null && !Directory.Exists(workingDirectory))
            return $"shell \"workingDirectory\" \"{workingDirectory}\" does not exist on this worker; expected an existing directory";
        // A relative working directory is taken from the worker's, as the child's chdir does.
        var from = string.IsNullOrEmpty(workingDirectory) ? Environment.CurrentDirectory : Path.GetFullPath(workingDirectory);
        if (program.Contains('/'))
        {
            var full = Path.GetFullPath(program, from);
            if (!File.Exists(full)) return $"shell command \"{program}\" was not found: no file {full}; expected a path to a program on this worker";
            return Executable(full) ? null : NotExecutable(program, full);
        }
        var directories = (path ?? DefaultPath).Split(':');
        // An empty PATH entry is the working directory, as for execvp.
        var found = directories.Select(d => Path.Combine(Path.GetFullPath(d.Length == 0 ? "." : d, from), program)).Where(File.Exists).ToList();
        if (found.Any(Executable)) return null;
        if (found.Count > 0) return NotExecutable(program, found[0]);
        return $"shell command \"{program}\" was not found in PATH ({string.Join(":", directories)}); expected a program installed on this worker, or its full path";
    }

    // No execute bit for anyone: exec refuses it (exit 126), and no retry changes that.
    private static bool Executable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string NotExecutable(string program, string file) =>
        $"shell command \"{program}\" is not executable: {file} has no execute permission; expected a program file (chmod +x), or \"useShell\": true to run a script through /bin/sh";
}
