using System.Globalization;

namespace Scheduler.Worker.Shell;

/// <summary>
/// The process groups of the shell commands running on this host, each listed under the worker that started it (a
/// file <c>&lt;worker pid&gt;.&lt;its start&gt;.&lt;group&gt;.&lt;leader's start&gt;</c> in a directory the host's workers share). A
/// worker killed outright (SIGKILL, OOM) cannot stop its commands; listed here, they are killed by any worker of the
/// host within a sweep (<see cref="ShellGroupReaper"/>), before its run is handed to another worker and started again
/// beside them. Start times (from <c>/proc</c>) tell a process from a later one given the same pid.
/// </summary>
internal static class ShellGroupRegistry
{
    // Per host name: containers that share a /tmp but not a pid namespace do not read each other's pids.
    public static string Directory { get; set; } = Path.Combine(Path.GetTempPath(), "scheduler-shell-groups", Environment.MachineName);

    /// <summary>Lists <paramref name="group"/> until the returned handle is disposed (the attempt ended).</summary>
    public static IDisposable? Track(int group)
    {
        if (!OperatingSystem.IsLinux() || StartOf(Environment.ProcessId) is not { } self || StartOf(group) is not { } leader) return null;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = Path.Combine(Directory, string.Join('.', Environment.ProcessId, self, group, leader));
            File.WriteAllBytes(path, []);
            return new Entry(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The groups listed by workers no longer alive: (file, group, leader's start).</summary>
    public static IEnumerable<(string File, int Group, long LeaderStart)> Orphans()
    {
        if (!System.IO.Directory.Exists(Directory)) yield break;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length != 4 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var worker) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var workerStart)
                || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var group) || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var leaderStart))
                continue;
            if (StartOf(worker) == workerStart) continue;
            yield return (file, group, leaderStart);
        }
    }

    /// <summary>
    /// When <paramref name="pid"/> started (clock ticks since boot, /proc/pid/stat field 22), or null when it is gone or
    /// a zombie (dead, its exit not yet collected by its parent).
    /// </summary>
    public static long? StartOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z") return null;
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private sealed class Entry(string path) : IDisposable
    {
        public void Dispose()
        {
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
