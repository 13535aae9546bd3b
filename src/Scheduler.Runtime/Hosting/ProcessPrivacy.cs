using System.Runtime.InteropServices;

namespace Scheduler.Runtime.Hosting;

/// <summary>
/// Keeps this process's environment and memory (the Redis password, the dashboard's keys) from other processes of its
/// own user: a shell task runs as the worker's user, and <c>/proc/&lt;pid&gt;/environ</c> of the worker, Beat or the
/// dashboard is readable by that user unless the process is marked not dumpable (Linux <c>PR_SET_DUMPABLE</c> 0,
/// as ssh-agent does). Then only root may read those files or attach a debugger. The cost: no core dump and no
/// <c>dotnet-dump</c> of the process; <see cref="AllowVariable"/>=1 keeps them, for a diagnosis.
/// </summary>
public static class ProcessPrivacy
{
    /// <summary>Set to 1 to leave the process dumpable (readable and debuggable by its own user).</summary>
    public const string AllowVariable = "SCHEDULER_PROCESS_DUMPABLE";

    private const int PrSetDumpable = 4;

    /// <summary>Marks the process not dumpable (Linux); false when that was not done (other systems, opted out, refused).</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(AllowVariable) == "1") return false;
        try { return prctl(PrSetDumpable, 0, 0, 0, 0) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

#pragma warning disable IDE1006, SYSLIB1054 // libc's own name; DllImport rather than LibraryImport: the generated form needs unsafe code
    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
#pragma warning restore IDE1006, SYSLIB1054
}
