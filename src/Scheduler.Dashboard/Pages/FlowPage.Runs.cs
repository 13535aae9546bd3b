using System.Globalization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Flow;

namespace Scheduler.Dashboard.Pages;

/// <summary>The runs held back now: waiting at the gate, deferred by a debounce, queued behind a running run; and the keys that do not resolve.</summary>
internal sealed partial class FlowPage
{
    private void Waiters(IReadOnlyList<FlowOverview.Waiter> waiters, DateTimeOffset now)
    {
        Literal("<h2>Runs waiting at the gate</h2>");
        if (waiters.Count == 0) { None("flow-no-waiters", "No run waits for a concurrency slot or a rate limit."); return; }
        Headings("flow-waiter-table", "Run", "Task", "Waiting for", "Since", "Starts", "Last looked");
        foreach (var waiter in waiters)
        {
            Literal("<tr data-testid=\"flow-waiter\" data-run-id=\""); Text(waiter.RunId); Literal("\">");
            Cell("flow-run", waiter.RunId);
            Literal("<td data-testid=\"flow-task\">"); TaskLink(waiter.TaskId, waiter.TaskName); Literal("</td>");
            // The line it stands in names the concurrency key; the task's own label says the rest (a rate key).
            Cell("flow-for", waiter.ConcurrencyKey is { } key ? $"concurrency {key}" : waiter.WaitingFor ?? "—");
            Cell("flow-since", $"{Time(waiter.Since)} ({Ago(now - waiter.Since)})");
            Cell("flow-turn", waiter.TurnAt is { } turn ? $"deferred until {Time(turn)}" : "when a slot frees");
            Cell("flow-seen", waiter.TurnAt is null ? Ago(now - waiter.Seen) : "—");
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }

    private void Debounces(IReadOnlyList<FlowOverview.DebounceHold> holds)
    {
        Literal("<h2>Debounced, deferred</h2>");
        if (holds.Count == 0) { None("flow-no-debounces", "No debounced one-shot is pending."); return; }
        Headings("flow-debounce-table", "Key", "Window", "Task", "Runs at");
        foreach (var hold in holds)
        {
            Literal("<tr data-testid=\"flow-debounce\" data-key=\""); Text(hold.Key); Literal("\">");
            Cell("flow-key", hold.Key);
            Cell("flow-window", Span(hold.Window));
            Literal("<td data-testid=\"flow-task\">"); TaskLink(hold.TaskId, hold.Name); Literal("</td>");
            // A request with the same key within the window moves it later again.
            Cell("flow-due", $"deferred until {Time(hold.DueAt)}");
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }

    private void Queued(IReadOnlyList<FlowOverview.QueuedBehind> queued)
    {
        if (queued.Count == 0) return;
        Literal("<h2>Queued behind a running run</h2>");
        Headings("flow-queued-table", "Task", "Status", "Runs queued");
        foreach (var task in queued)
        {
            Literal("<tr data-testid=\"flow-queued\">");
            Literal("<td data-testid=\"flow-task\">"); TaskLink(task.TaskId, task.Name); Literal("</td>");
            Cell("flow-status", Name(task.Status));
            Cell("flow-queued-runs", task.Queued);
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }

    private void Unresolved(IReadOnlyList<FlowOverview.Unresolvable> tasks)
    {
        if (tasks.Count == 0) return;
        Literal("<h2>Keys that do not resolve</h2><p class=\"text-muted\">Their runs start unlimited until the task or its key is fixed.</p>");
        Headings("flow-unresolved-table", "Task", "Problem");
        foreach (var task in tasks)
        {
            Literal("<tr data-testid=\"flow-unresolved\">");
            Literal("<td data-testid=\"flow-task\">"); TaskLink(task.TaskId, task.Name); Literal("</td>");
            Cell("flow-problem", task.Problem);
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }

    private void Headings(string testId, params string[] headings)
    {
        Literal($"<table class=\"table table-condensed\" data-testid=\"{testId}\"><thead><tr>");
        foreach (var heading in headings) { Literal("<th>"); Text(heading); Literal("</th>"); }
        Literal("</tr></thead><tbody>");
    }

    private void None(string testId, string text)
    {
        Literal($"<p class=\"text-muted\" data-testid=\"{testId}\">"); Text(text); Literal("</p>");
    }

    private void Cell(string testId, object? value)
    {
        Literal($"<td data-testid=\"{testId}\">"); Text(value); Literal("</td>");
    }

    private void TaskLinks(IReadOnlyList<FlowOverview.TaskLimit> tasks, bool showLimit)
    {
        Literal("<td data-testid=\"flow-tasks\">");
        foreach (var (task, i) in tasks.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Select((t, i) => (t, i)))
        {
            if (i > 0) Literal(", ");
            TaskLink(task.TaskId, task.Name);
            if (showLimit) Text($" (limit {task.Limit})");
            if (ScheduleStatusNames.HasEnded(task.Status)) Text($" ({Name(task.Status)})");
        }
        Literal("</td>");
    }

    private void TaskLink(string id, string? name)
    {
        Literal("<a href=\""); Text(PageUrl(SchedulerPages.DetailPath(id))); Literal("\">"); Text(name ?? id); Literal("</a>");
    }

    // Limits differ when tasks sharing a key set their own: each run is held to its task's.
    private static string Limits(IReadOnlyList<FlowOverview.TaskLimit> tasks) =>
        tasks.Select(t => t.Limit).Distinct().Order().ToList() is [var one] ? one.ToString(CultureInfo.InvariantCulture)
        : string.Join(", ", tasks.Select(t => t.Limit).Distinct().Order()) + " (per task)";

}
