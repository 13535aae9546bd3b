using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler workers</c>: each live worker and what it runs (task types, notification channels, MCP servers, plugins
/// and their commands, shell, the assemblies its method calls may call), as it advertises it with its heartbeat. What
/// <c>health</c> only counts, and what a task refused with "is run by no live worker" is checked against.
/// </summary>
internal static class WorkersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("workers", "List the live workers and what each runs: task types, queues, channels, MCP servers, plugins, shell, method calls");
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var workers = (await client.GetWorkerCapabilitiesAsync(ct)).OrderBy(w => w.WorkerId, StringComparer.Ordinal).ToList();
            await context.PrintAsync(parse, workers, async o =>
            {
                foreach (var worker in workers)
                {
                    await o.WriteLineAsync(worker.WorkerId);
                    foreach (var line in Lines(worker)) await o.WriteLineAsync(line);
                }
                await o.WriteLineAsync($"{workers.Count} live worker(s)");
            });
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>What <paramref name="worker"/> runs, one "label: value" line each, the values in one column.</summary>
    internal static IEnumerable<string> Lines(Contracts.Capabilities.WorkerCapabilities worker)
    {
        (string Label, string Value)[] lines =
        [
            ("types", List(worker.TaskTypes)),
            ("queues", worker.Queues.Count == 0 ? "not said" : List(worker.Queues)),
            ("channels", List(worker.NotificationChannels)),
            ("mcp servers", Contracts.Capabilities.CapabilityText.McpServers(worker)),
            ("plugins", List(worker.Plugins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ({List(p.Value)})"))),
            ("shell", !worker.ShellEnabled ? "off" : worker.ShellAllowedCommands.Count == 0 ? "any program" : List(worker.ShellAllowedCommands)),
            ("method calls", MethodCalls(worker.MethodCallAssemblies)),
        ];
        // Padded to the longest label, so a label added later cannot push its value out of the column.
        var width = lines.Max(l => l.Label.Length) + 2;
        return lines.Select(l => "  " + (l.Label + ":").PadRight(width) + l.Value);
    }

    // The assemblies whose types its method calls may call; a worker from before this list does not say.
    private static string MethodCalls(IReadOnlyList<string>? assemblies) =>
        assemblies is null ? "not said" : assemblies.Count == 0 ? "off" : List(assemblies);

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
