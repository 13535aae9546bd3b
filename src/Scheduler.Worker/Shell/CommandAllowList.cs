using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Shell;

/// <summary>
/// <c>Scheduler:Shell:AllowedCommands</c> applied to a shell task. A name listed alone ("backup") allows the program
/// the worker's own PATH finds under that name, and the task runs that file; a path listed allows that file only. So
/// neither a path whose file name is allowed (<c>/tmp/x/backup</c>) nor the task's own PATH can put another program in
/// an allowed one's place. A task may set only the environment variables <c>Scheduler:Shell:AllowedEnvironment</c>
/// names (none unless listed): variables make programs load or run code they name or hold (<c>LD_PRELOAD</c>,
/// <c>BASH_ENV</c>, <c>BASH_FUNC_x%%</c>, <c>PERL5OPT</c>, <c>GIT_CONFIG_*</c>), and no list of refused ones is complete.
/// </summary>
internal static class CommandAllowList
{
    private static readonly string[] RedirectingVariables = ["PATH", "BASH_ENV", "ENV", "SHELLOPTS", "PS4", "IFS"];

    /// <summary>The program to start for <paramref name="program"/>; throws when the allow-list refuses it.</summary>
    public static string Resolve(ShellOptions settings, string program, bool useShell, string? workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        if (!settings.Enabled)
            throw new NonRetryableTaskException("shell tasks are disabled on this worker (Scheduler:Shell:Enabled is false)");
        var allowed = settings.AllowedCommands;
        if (allowed.Length == 0) return program;
        // A shell allowed runs any script, which may set these itself.
        if (useShell && (allowed.Contains("sh") || allowed.Contains(program))) return program;
        if (environment?.Keys.FirstOrDefault(Redirects) is { } variable)
            throw new NonRetryableTaskException(
                $"shell \"environment\" sets {variable}, which this worker refuses while Scheduler:Shell:AllowedCommands is set (it would change which program or code runs); expected the task without it");
        if (environment?.Keys.FirstOrDefault(name => !Contracts.Capabilities.WorkerCapabilities.ListsVariable(settings.AllowedEnvironment, name)) is { } unlisted)
            throw new NonRetryableTaskException(
                $"shell \"environment\" sets {unlisted}, which Scheduler:Shell:AllowedEnvironment does not list (while Scheduler:Shell:AllowedCommands is set, a variable could make an allowed program run other code); "
                + (settings.AllowedEnvironment.Length == 0 ? "it lists none, so expected the task without environment variables" : $"it lists: {string.Join(", ", settings.AllowedEnvironment)}"));
        if (program.Contains('/'))
        {
            var full = Path.GetFullPath(program, string.IsNullOrEmpty(workingDirectory) ? Environment.CurrentDirectory : Path.GetFullPath(workingDirectory));
            if (allowed.Any(a => a.Contains('/') && Path.GetFullPath(a) == full)) return full;
            throw Refused(program, allowed, " (a path runs only when that path is listed)");
        }
        var found = OnWorkerPath(program);
        if (found is not null && (allowed.Contains(program) || allowed.Any(a => a.Contains('/') && Path.GetFullPath(a) == found))) return found;
        if (found is null && allowed.Contains(program))
            throw new NonRetryableTaskException($"shell command \"{program}\" is allowed but not found in this worker's PATH ({Environment.GetEnvironmentVariable("PATH")}); expected it installed on this worker");
        throw Refused(program, allowed, "");
    }

    private static bool Redirects(string name) =>
        name.StartsWith("LD_", StringComparison.Ordinal) || RedirectingVariables.Contains(name, StringComparer.Ordinal);

    // The worker's own PATH: what an operator who listed a bare name meant by it.
    private static string? OnWorkerPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/bin:/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathRooted)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static NonRetryableTaskException Refused(string program, string[] allowed, string why) =>
        new($"shell command \"{program}\" is not allowed on this worker{why}; Scheduler:Shell:AllowedCommands lists: {string.Join(", ", allowed)}");
}
