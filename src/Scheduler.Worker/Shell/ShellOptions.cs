using System.ComponentModel.DataAnnotations;

namespace Scheduler.Worker.Shell;

/// <summary>Whether and which commands <c>shell</c> tasks may run on this worker. Bound from <c>Scheduler:Shell</c>.</summary>
public sealed class ShellOptions
{
    public const string Section = "Scheduler:Shell";

    /// <summary>False rejects every shell task (non-retryably).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Programs shell tasks may run, by name (matched against the command's file name) or full path; empty allows all.
    /// A task with <c>useShell</c> runs <c>/bin/sh</c>, so "sh" (or "/bin/sh") must be listed for it.
    /// </summary>
    public string[] AllowedCommands { get; set; } = [];

    /// <summary>
    /// While <see cref="AllowedCommands"/> is set, the only environment variables a task may set: names, or prefixes
    /// ending in <c>*</c> (<c>APP_*</c>); empty allows none. A variable can make an allowed program run other code
    /// (<c>BASH_FUNC_*</c>, <c>PERL5OPT</c>, <c>GIT_CONFIG_*</c>, <c>NODE_OPTIONS</c>), so no list of refused names is
    /// complete. <c>PATH</c>, <c>LD_*</c> and the shell's start-up variables stay refused even when listed.
    /// </summary>
    public string[] AllowedEnvironment { get; set; } = [];

    /// <summary>After SIGTERM on cancellation or soft timeout, how long the process group gets before SIGKILL.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest stdout and stderr kept (characters each); the rest is drained and replaced by a marker.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxOutputLength { get; set; } = 64 * 1024;
}
