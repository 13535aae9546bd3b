using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Flow;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler flow [--json]</c>: the dashboard's Flow control page on the command line: every concurrency key and
/// rate budget set with what holds and waits on it now, the runs waiting at the gate, the debounced one-shots and the
/// runs queued behind a running one. <c>--json</c> is REST's <c>GET /api/flow</c> document.
/// </summary>
internal static class FlowCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("flow", "Show flow control now: concurrency keys (limit, holding, waiting), rate budgets (used, throttled until), runs waiting at the gate, pending debounces, queued runs");
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var flow = await client.GetFlowOverviewAsync(context.Time.GetUtcNow(), ct);
            await context.PrintAsync(parse, flow.ToDocument(), o => o.WriteAsync(Text(flow)));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A section per kind of hold, each left out when empty; one line when nothing is set or held at all.</summary>
    internal static string Text(FlowOverview flow)
    {
        var now = flow.At;
        var sections = new List<string>();
        if (flow.Concurrency.Count > 0)
            sections.Add("Concurrency keys\n" + Formatting.Table(["KEY", "LIMIT", "HOLDING", "WAITING", "TASKS"], flow.Concurrency.Select(l => (IReadOnlyList<string>)
                [l.Key, Limits(l.Tasks), l.Full ? $"{l.Holding.Count} (full)" : l.Holding.Count.ToString(), l.Waiting.ToString(), Tasks(l.Tasks)]), clip: false));
        if (flow.Rates.Count > 0)
            sections.Add("Rate budgets\n" + Formatting.Table(["KEY", "BUDGET", "USED", "WAITING", "THROTTLED UNTIL", "TASKS"], flow.Rates.Select(l => (IReadOnlyList<string>)
                [l.Key, $"{l.Count} per {FlowDuration.Format(l.Per)}", $"{l.Started}/{l.Count}", l.Waiting.ToString(),
                 l.NextStartAt is { } next ? $"{Formatting.Instant(next)} ({Formatting.Relative(next, now)})" : "-", Tasks(l.Tasks)]), clip: false));
        if (flow.Waiters.Count > 0)
            sections.Add("Runs waiting at the gate\n" + Formatting.Table(["RUN", "TASK", "WAITING SINCE", "WAITS FOR", "MAY START"], flow.Waiters.Select(w => (IReadOnlyList<string>)
                [w.RunId, w.TaskName is { } name ? $"{w.TaskId} ({name})" : w.TaskId, Formatting.Relative(w.Since, now),
                 w.WaitingFor ?? (w.ConcurrencyKey is { } key ? $"concurrency {key}" : "-"),
                 w.TurnAt is { } turn ? Formatting.Relative(turn, now) : "when a slot frees"]), clip: false));
        if (flow.Debounces.Count > 0)
            sections.Add("Pending debounces\n" + Formatting.Table(["KEY", "WINDOW", "TASK", "RUNS"], flow.Debounces.Select(d => (IReadOnlyList<string>)
                [d.Key, FlowDuration.Format(d.Window), $"{d.TaskId} ({d.Name})", Formatting.Relative(d.DueAt, now)]), clip: false));
        if (flow.Queued.Count > 0)
            sections.Add("Runs queued behind a running one\n" + Formatting.Table(["TASK", "STATUS", "QUEUED"], flow.Queued.Select(q => (IReadOnlyList<string>)
                [$"{q.TaskId} ({q.Name})", q.Status.ToString().ToLowerInvariant(), q.Queued.ToString()]), clip: false));
        if (flow.Unresolved.Count > 0)
            sections.Add("Key templates that do not resolve (their runs go unlimited)\n" + Formatting.Table(["TASK", "PROBLEM"], flow.Unresolved.Select(u => (IReadOnlyList<string>)
                [$"{u.TaskId} ({u.Name})", u.Problem]), clip: false));
        return sections.Count == 0
            ? "no flow limits set and nothing held: no task sets a concurrency or rate limit or a debounce, and no run waits or is queued\n"
            : string.Join("\n", sections);
    }

    // Tasks sharing a key may each set their own limit, and a run is held to its own task's (the dashboard's "1, 3 (per task)").
    private static string Limits(IReadOnlyList<FlowOverview.TaskLimit> tasks)
    {
        var limits = tasks.Select(t => t.Limit).Distinct().Order().ToList();
        return limits is [var one] ? one.ToString() : string.Join(", ", limits) + " (per task)";
    }

    // Each task's own limit only where they differ.
    private static string Tasks(IReadOnlyList<FlowOverview.TaskLimit> tasks) =>
        tasks.All(t => t.Limit == tasks[0].Limit) ? string.Join(", ", tasks.Select(t => t.TaskId))
        : string.Join(", ", tasks.Select(t => $"{t.TaskId} (limit {t.Limit})"));
}
