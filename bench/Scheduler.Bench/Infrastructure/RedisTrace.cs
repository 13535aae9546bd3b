using System.Diagnostics;

namespace Scheduler.Bench.Infrastructure;

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
    }
}
