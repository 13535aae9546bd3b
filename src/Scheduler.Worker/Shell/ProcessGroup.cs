using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Scheduler.Worker.Shell;

/// <summary>
/// Signals a child and everything it started. The child is started through <c>setsid</c> (when present) so it leads
/// its own process group; signalling the group reaches grandchildren even after their parent died, which
/// <see cref="Process.Kill(bool)"/> alone cannot (it walks the live parent/child tree).
/// </summary>
internal static class ProcessGroup
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>The <c>setsid</c> binary, or null where there is none (Windows, minimal images).</summary>
    public static string? SetsidPath { get; } =
        OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>Asks the group (or the tree) to stop.</summary>
    public static void Terminate(Process process, bool ownGroup)
    {
        if (ownGroup && !OperatingSystem.IsWindows()) _ = kill(-process.Id, SigTerm);
        else KillTree(process);
    }

    /// <summary>Kills the group and the tree.</summary>
    public static void Kill(Process process, bool ownGroup)
    {
        if (ownGroup && !OperatingSystem.IsWindows()) _ = kill(-process.Id, SigKill);
        KillTree(process);
    }

    /// <summary>Kills process group <paramref name="group"/> (one a dead worker left, <see cref="ShellGroupReaper"/>).</summary>
    public static void KillGroup(int group) => _ = kill(-group, SigKill);

    private static void KillTree(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
        catch (System.ComponentModel.Win32Exception) { } // exiting while we walked the tree
    }

    // DllImport rather than LibraryImport: the generated form needs unsafe code enabled for the whole project.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
