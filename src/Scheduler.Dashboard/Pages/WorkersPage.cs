using System.Globalization;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Client;
using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// The live workers and what each runs, the queues runs go to with who serves each, and the runs in progress across all
/// tasks: what <c>GET /api/workers</c>, <c>GET /api/queues</c> and <c>scheduler workers</c> / <c>queues</c> show, for an
/// operator asking why a run has not started. Read-only, so the viewer sees it too; none of it is a secret a viewer is
/// denied (worker capabilities name programs and variables, never their values).
/// </summary>
internal sealed partial class WorkersPage() : OperatorPage("Workers")
{
    protected override void Body()
    {
        var client = Service<SchedulerClient>();
        var now = Service<TimeProvider>().GetUtcNow();
        var workers = Await(client.GetWorkerCapabilitiesAsync()).OrderBy(w => w.WorkerId, StringComparer.Ordinal).ToList();
        var beats = Await(Service<OperatorReads>().LastHeartbeatsAsync([.. workers.Select(w => w.WorkerId)]));
        var queues = Await(client.GetQueuesAsync());
        var runs = Await(client.GetAllRunsInProgressAsync());

        // A snapshot: the page does not refresh itself, so it says when it was read.
        Literal("<p class=\"text-muted\" data-testid=\"workers-read-at\">"); Text($"As of {Time(now)}; reload to read again."); Literal("</p>");
        Workers(workers, beats, now);
        Queues(queues, now);
        RunsInProgress(runs);
    }

    private void Workers(IReadOnlyList<WorkerCapabilities> workers, IReadOnlyDictionary<string, DateTimeOffset> beats, DateTimeOffset now)
    {
        Literal("<h2>Live workers</h2>");
        if (workers.Count == 0)
        {
            Literal("<p class=\"alert alert-warning\" data-testid=\"no-workers\">");
            Text($"No worker is alive: none has sent a heartbeat in the last {CapabilityStore.TimeToLive.TotalSeconds:0} seconds. "
                + "No run starts until one does: fired runs wait in their queues.");
            Literal("</p>");
            return;
        }
        Literal("<table class=\"table table-condensed\" data-testid=\"workers\"><thead><tr>");
        foreach (var heading in new[] { "Worker", "Host", "Process", "Heartbeat", "Queues", "Task types", "Channels", "MCP servers", "Plugins", "Shell", "Method calls" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        foreach (var worker in workers)
        {
            var (host, process) = HostAndProcess(worker.WorkerId);
            Literal("<tr data-testid=\"worker-row\" data-worker=\""); Text(worker.WorkerId); Literal("\">");
            Cell("worker-id", worker.WorkerId);
            Cell("worker-host", host);
            Cell("worker-process", process);
            Cell("worker-heartbeat", beats.TryGetValue(worker.WorkerId, out var seen) ? Ago(now - seen) : "—");
            // A worker from before it listed its queues is taken as serving any queue, as scheduling takes it.
            Cell("worker-queues", worker.Queues.Count == 0 ? "not said (taken as any queue)" : List(worker.Queues));
            Cell("worker-types", List(worker.TaskTypes));
            Cell("worker-channels", List(worker.NotificationChannels));
            Cell("worker-mcp", CapabilityText.McpServers(worker));
            Cell("worker-plugins", List(worker.Plugins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ({List(p.Value)})")));
            Cell("worker-shell", Shell(worker));
            // The assemblies whose types its method calls may call, as scheduling checks them.
            Cell("worker-method-calls", worker.MethodCallAssemblies switch { null => "not said", [] => "off", var names => List(names) });
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }

    private static string Shell(WorkerCapabilities worker)
    {
        if (!worker.ShellEnabled) return "off";
        var programs = worker.ShellAllowedCommands.Count == 0 ? "any program" : List(worker.ShellAllowedCommands);
        return worker.ShellAllowedCommands.Count > 0 && worker.ShellAllowedEnvironment is { } environment
            ? $"{programs}; environment: {List(environment)}" : programs;
    }

    // Ids are "worker:host:pid:nonce" (ProcessIdentity); an id of another shape shows as it is, in its own column.
    private static (string Host, string Process) HostAndProcess(string workerId)
    {
        var parts = workerId.Split(':');
        return parts.Length >= 4 ? (string.Join(':', parts[1..^2]), parts[^2]) : ("—", "—");
    }

    private void Cell(string testId, object? value)
    {
        Literal($"<td data-testid=\"{testId}\">"); Text(value); Literal("</td>");
    }

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
