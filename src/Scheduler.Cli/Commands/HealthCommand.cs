using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler health [--process beat|worker|dashboard] [--host H]</c>: Redis answers and, with --process, a process of
/// that role on this host has a fresh heartbeat. Exit 0 healthy, 1 not: usable as a docker-compose healthcheck.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(20);

    public static Command Create(CliContext context)
    {
        var process = new Option<string?>("--process") { Description = "beat, worker or dashboard: require a fresh heartbeat of that role" };
        process.AcceptOnlyFromAmong("beat", "worker", "dashboard");
        var host = new Option<string?>("--host") { Description = "Host name the process runs on (default: this machine)" };
        var command = new Command("health", "Check Redis and, optionally, a process's heartbeat") { process, host };
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var alive = await client.GetLiveProcessesAsync(Fresh);
            var role = parse.GetValue(process);
            var machine = (parse.GetValue(host) ?? Environment.MachineName).ToLowerInvariant();
            var matching = role is null ? [.. alive] : alive.Where(m => m.StartsWith($"{role}:{machine}:", StringComparison.Ordinal)).ToList();
            var healthy = role is null || matching.Count > 0;
            if (parse.GetValue(context.Json)) await context.Out.WriteLineAsync(Formatting.Json(new { healthy, redis = "reachable", processes = matching }));
            else await context.Out.WriteLineAsync(healthy
                ? $"healthy: redis reachable, {matching.Count} process(es) alive{(role is null ? "" : $" as {role} on {machine}")}"
                : $"unhealthy: no {role} on {machine} has sent a heartbeat in the last {Fresh.TotalSeconds:0} s");
            return healthy ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }
}
