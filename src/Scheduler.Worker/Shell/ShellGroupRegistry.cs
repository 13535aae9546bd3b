using System.Globalization;

namespace Scheduler.Worker.Shell;

/// <summary>
/// The process groups of the shell commands running on this host, each listed under the worker that started it (a
/// file <c>&lt;worker pid&gt;.&lt;its start&gt;.&lt;group&gt;.&lt;leader's start&gt;</c> in a directory the host's workers share). A
/// worker killed outright (SIGKILL, OOM) cannot stop its commands; listed here, they are killed by any worker of the
/// host within a sweep (<see cref="ShellGroupReaper"/>), before its run is handed to another worker and started again
/// beside them. Start times (from <c>/proc</c>) tell a process from a later one given the same pid.
/// </summary>
/// <remarks>
/// A listing is an order to SIGKILL a process group, so it is read only from a directory of the worker's own user that
/// nobody else may write (<see cref="Distrust"/>): in a shared <c>/tmp</c> another local user could otherwise create the
/// directory first and list any process group, and the next sweep would kill it.
/// </remarks>
internal static class ShellGroupRegistry
{
    // Per user (only the worker's own user may list what it kills) and per host name (containers that share a /tmp but
    // not a pid namespace do not read each other's pids).
    public static string Directory { get; } = OperatingSystem.IsLinux()
        ? Path.Combine(Path.GetTempPath(), $"scheduler-shell-groups-{FileOwner.EffectiveUser}", Environment.MachineName)
        : Path.Combine(Path.GetTempPath(), "scheduler-shell-groups", Environment.MachineName);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Lists <paramref name="group"/> until the returned handle is disposed (the attempt ended).</summary>
    public static IDisposable? Track(int group) => Track(Directory, group);

    internal static IDisposable? Track(string directory, int group)
    {
        if (!OperatingSystem.IsLinux() || StartOf(Environment.ProcessId) is not { } self || StartOf(group) is not { } leader) return null;
        try
        {
            // One at a time: CreateDirectory gives the mode to the last directory only, its parents the default.
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(directory)!, OwnerOnly);
            System.IO.Directory.CreateDirectory(directory, OwnerOnly);
            if (Distrust(directory) is not null) return null;
            var path = Path.Combine(directory, string.Join('.', Environment.ProcessId, self, group, leader));
            File.WriteAllBytes(path, []);
            return new Entry(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// Why the listings in <paramref name="directory"/> may not be trusted, or null when they may: it and its parent,
    /// where they exist, must be real directories (not links) of this process's user that no other user may write to.
    /// </summary>
    public static string? Distrust(string directory)
    {
        foreach (var path in new[] { Path.GetDirectoryName(directory)!, directory })
        {
            if (!Path.Exists(path)) continue;
            if (FileOwner.Of(path) is not { } owner) return $"\"{path}\" could not be examined";
            if (!owner.IsDirectory) return $"\"{path}\" is not a directory (a link or a file)";
            if (owner.User != FileOwner.EffectiveUser) return $"\"{path}\" belongs to user {owner.User}, not to this worker's user {FileOwner.EffectiveUser}";
            if ((owner.Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0) return $"\"{path}\" may be written by other users (mode {Octal(owner.Mode)})";
        }
        return null;
    }

    /// <summary>The groups listed in <paramref name="directory"/> by workers no longer alive: (file, group, leader's start).</summary>
    public static IEnumerable<(string File, int Group, long LeaderStart)> Orphans(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) yield break;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
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

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private sealed class Entry(string path) : IDisposable
    {
        public void Dispose()
        {
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
