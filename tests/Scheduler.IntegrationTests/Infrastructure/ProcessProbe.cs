namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>Checks whether a process started by a task is still alive (Linux /proc), and kills leftovers after a test.</summary>
public static class ProcessProbe
{
    /// <summary>True while <paramref name="pid"/> exists and is not a zombie awaiting its parent.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    /// <summary>Waits for a task-written pid file and returns the pid.</summary>
    public static Task<int> ReadPidAsync(string pidFile) =>
        Eventually.WaitAsync(async () => File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid) ? pid : 0,
            pid => pid > 0, TimeSpan.FromSeconds(30), $"a pid in {pidFile}");

    /// <summary>Test clean-up: kills the process if a failed assertion left it running.</summary>
    public static void KillIfAlive(int pid)
    {
        if (pid <= 0 || !IsAlive(pid)) return;
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }

    /// <summary>Test clean-up: kills every process whose pid a task's commands wrote to <paramref name="pidFile"/>, one per line.</summary>
    public static async Task KillRecordedAsync(string pidFile)
    {
        if (!File.Exists(pidFile)) return;
        foreach (var pid in await File.ReadAllLinesAsync(pidFile))
            if (int.TryParse(pid, out var id)) KillIfAlive(id);
    }
}
