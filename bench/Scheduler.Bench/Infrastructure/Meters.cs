using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Scheduler.Bench.Infrastructure;

/// <summary>
/// CPU time used by groups of processes over a measurement (TotalProcessorTime deltas), to show where a task's cost
/// goes and why adding processes does not add throughput once the cores are busy.
/// </summary>
internal sealed class CpuMeter
{
    private readonly List<(string Group, Process Process, TimeSpan Start)> _processes = [];

    public CpuMeter Add(string group, Process process)
    {
        process.Refresh();
        _processes.Add((group, process, process.TotalProcessorTime));
        return this;
    }

    public CpuMeter Add(string group, IEnumerable<ProcessRegistry.Tracked> processes)
    {
        foreach (var tracked in processes) Add(group, tracked.Process);
        return this;
    }

    /// <summary>CPU milliseconds per unit of work for each group since <see cref="Add(string, Process)"/>.</summary>
    public Dictionary<string, double> PerUnit(int units)
    {
        var totals = new Dictionary<string, double>();
        foreach (var (group, process, start) in _processes)
        {
            process.Refresh();
            var used = (process.TotalProcessorTime - start).TotalMilliseconds;
            totals[group] = totals.GetValueOrDefault(group) + used / units;
        }
        totals["total"] = totals.Values.Sum();
        return totals;
    }

    /// <summary>"client 0.4, beat 0.6, ..." for notes.</summary>
    public static string Describe(Dictionary<string, double> perUnit) =>
        string.Join(", ", perUnit.Select(kv => $"{kv.Key} {kv.Value:0.00}"));
}

/// <summary>
/// A MONITOR trace of a measurement, for finding where commands come from: every command with its client address
/// ("lua" for calls made inside scripts), and CLIENT LIST to map addresses to process names. Analysis only: MONITOR
/// slows Redis down several times, so traced runs' timings mean nothing.
/// </summary>
internal static class RedisTrace
{
    public static ProcessRegistry.Tracked Start(ProcessRegistry registry, LocalRedis redis, string path)
    {
        var start = new ProcessStartInfo("sh") { ArgumentList = { "-c", $"exec redis-cli -p {redis.Port} monitor > '{path}'" } };
        var process = registry.Start("redis-monitor", start);
        Thread.Sleep(200);
        return process;
    }

    public static async Task StopAsync(ProcessRegistry registry, LocalRedis redis, ProcessRegistry.Tracked monitor, string path)
    {
        var clients = (string)(await redis.Db.ExecuteAsync("CLIENT", "LIST"))!;
        await File.WriteAllTextAsync(path + ".clients", clients);
        await Task.Delay(500);
        await registry.StopAsync(monitor);
        WriteScripts(path);
    }

    /// <summary>
    /// The bodies of the scripts the trace calls by SHA (EVALSHA names a script, MONITOR does not show it), as
    /// <c>PATH.scripts/&lt;sha&gt;.lua</c>, so that tools/replay_trace.py can replay the trace into another Redis. They are
    /// found among the static strings of Scheduler's assemblies whose SHA-1 the trace names, and the scripts built for
    /// the bench's key prefix (a script with the prefix in its text, as the outcome's).
    /// </summary>
    private static void WriteScripts(string path)
    {
        var called = new HashSet<string>();
        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf("\"EVALSHA\" \"", StringComparison.Ordinal);
            if (at >= 0 && line.Length >= at + 51) called.Add(line.Substring(at + 11, 40));
        }
        var folder = Directory.CreateDirectory(path + ".scripts").FullName;
        var assemblies = new[] { typeof(Scheduler.Runtime.Jobs.ServiceProviderJobActivator).Assembly, typeof(Scheduler.Contracts.Client.SchedulerClient).Assembly };
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType != typeof(string) || type.ContainsGenericParameters) continue;
            object? value;
            try { value = field.IsLiteral ? field.GetRawConstantValue() : field.GetValue(null); }
            catch (TypeInitializationException) { continue; } // a type whose start-up needs a host: it holds no script
            if (value is not string body) continue;
            var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(body)));
            if (called.Remove(sha)) File.WriteAllText(Path.Combine(folder, sha + ".lua"), body);
        }
        foreach (var body in new[] { Scheduler.Runtime.Storage.RunLedgerScripts.RecordAttempt(SchedulerCluster.KeyPrefix) })
        {
            var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(body)));
            if (called.Remove(sha)) File.WriteAllText(Path.Combine(folder, sha + ".lua"), body);
        }
        foreach (var missing in called) Console.WriteLine($"  trace: no script body found for {missing}");
    }
}
