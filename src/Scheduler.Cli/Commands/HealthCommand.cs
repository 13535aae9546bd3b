using System.CommandLine;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Storage;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler health [--process beat|worker|dashboard] [--host H]</c>: Redis answers and, with --process, a process of
/// that role on this host has a fresh heartbeat (a docker-compose healthcheck); without it, the system as
/// <c>GET /health</c> judges it: a live Beat and a live worker somewhere, and no run waiting in a queue no live worker
/// serves. Exit 0 healthy, 1 not.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(20);

    public static Command Create(CliContext context)
    {
        var process = new Option<string?>("--process") { Description = "beat, worker or dashboard: require a fresh heartbeat of that role" };
        process.AcceptOnlyFromAmong("beat", "worker", "dashboard");
        var host = new Option<string?>("--host") { Description = "Host name the process runs on (default: this machine)" };
        var command = new Command("health", "Check Redis, a live Beat and worker, and that no run waits in a queue no live worker serves (exit 1: degraded), or with --process one process's heartbeat") { process, host };
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var alive = await client.GetLiveProcessesAsync(Fresh);
            var role = parse.GetValue(process);
            var machine = (parse.GetValue(host) ?? Environment.MachineName).ToLowerInvariant();
            var matching = role is null ? [.. alive] : alive.Where(m => m.StartsWith($"{role}:{machine}:", StringComparison.Ordinal)).ToList();
            // The whole system, as GET /health judges it: with no live Beat nothing fires, with no worker nothing runs.
            var missing = role is not null ? [] : new[] { "beat", "worker" }.Where(r => !alive.Any(m => m.StartsWith($"{r}:", StringComparison.Ordinal))).ToList();
            var loss = await client.GetDataSetLossAsync(ct);
            // Runs waiting where no live worker takes them wait for ever, though every process is alive.
            var unserved = role is null ? UnservedQueues.Of(await client.GetQueuesAsync(ct)) : [];
            var clocks = await client.GetClockSkewsAsync(matching, ct);
            var healthy = (role is null ? missing.Count == 0 && unserved.Count == 0 : matching.Count > 0) && loss is null;
            if (parse.GetValue(context.Json))
                await context.Out.WriteLineAsync(Formatting.Json(new { healthy, redis = "reachable", processes = matching, missing, dataLost = loss?.Describe(),
                    clocks = clocks.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => new { aheadOfRedisMs = Math.Round(c.Value.TotalMilliseconds, 1) }),
                    clockNotes = ClockOffsets.Notes(clocks),
                    unservedQueues = unserved.Select(q => new { q.Name, q.Waiting, q.OldestWaitingSince }) }));
            else if (loss is not null) await context.Out.WriteLineAsync($"degraded: {loss.Describe()}");
            else await context.Out.WriteLineAsync(healthy
                ? $"healthy: redis reachable, {matching.Count} process(es) alive{(role is null ? "" : $" as {role} on {machine}")}"
                : role is null && missing.Count > 0
                    ? $"degraded: redis reachable, {matching.Count} process(es) alive, but no live {string.Join(" and no live ", missing)}"
                        + (missing.Contains("beat") ? " (nothing fires)" : " (nothing runs)")
                : role is null
                    ? $"degraded: redis reachable, {matching.Count} process(es) alive, but {UnservedQueues.Describe(unserved)}"
                    : $"unhealthy: no {role} on {machine} has sent a heartbeat in the last {Fresh.TotalSeconds:0} s");
            // Not a fault (each process goes by Redis's clock), but worth an operator's look: said after the verdict.
            if (!parse.GetValue(context.Json))
                foreach (var note in ClockOffsets.Notes(clocks)) await context.Out.WriteLineAsync($"note: {note}");
            return healthy ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }
}
