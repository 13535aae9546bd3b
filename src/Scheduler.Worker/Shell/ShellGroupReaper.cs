using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Scheduler.Worker.Shell;

/// <summary>
/// Kills the shell commands a worker of this host left running when it was killed outright
/// (<see cref="ShellGroupRegistry"/>): at start, then every <see cref="Interval"/>, well within the time Beat takes
/// to find the dead worker and hand its runs to another.
/// </summary>
internal sealed partial class ShellGroupReaper(TimeProvider time, ILogger<ShellGroupReaper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private string? _distrustLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try { Sweep(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { LogSweepFailed(logger, e.Message); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal void Sweep() => Sweep(ShellGroupRegistry.Directory);

    internal void Sweep(string directory)
    {
        // Before the listing exists too: a parent another user made first keeps it from ever being created.
        if (ShellGroupRegistry.Distrust(directory) is { } reason)
        {
            // A listing there could name anyone's process group: nothing in it is killed, and the handler lists nothing there either.
            if (reason != _distrustLogged) LogDistrusted(logger, directory, reason);
            _distrustLogged = reason;
            return;
        }
        _distrustLogged = null;
        if (!Directory.Exists(directory)) return;
        foreach (var (file, group, leaderStart) in ShellGroupRegistry.Orphans(directory))
        {
            // The leader still the one listed: its group is the dead worker's command. A leader gone leaves the group
            // to its members, which cannot be told from a later group given the same id: those are left.
            if (ShellGroupRegistry.StartOf(group) == leaderStart)
            {
                ProcessGroup.KillGroup(group);
                LogKilled(logger, group);
            }
            File.Delete(file);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed shell command process group {Group}, left running by a worker that died without stopping it")]
    private static partial void LogKilled(ILogger logger, int group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shell commands left running by dead workers are not swept, and this worker's are not listed for the others to sweep: {Directory} is not trusted: {Reason}; remove it (or set TMPDIR) so the worker creates it for its own user")]
    private static partial void LogDistrusted(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sweep the shell commands left by dead workers: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
