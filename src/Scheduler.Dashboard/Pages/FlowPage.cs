using System.Globalization;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Flow control across all tasks, in one place: every concurrency key and rate budget set, with how many runs hold a
/// slot, started in the window or wait on each now; the runs waiting at the gate and until when a rate limit holds
/// them; the debounced one-shots deferring their run; the runs queued behind a running one (overlap "queue"). What an
/// operator reads to see why a run has not started. Reads only (the gate's keys as the worker writes them, the same
/// state the task page's "Waiting" shows), so the viewer sees it too.
/// </summary>
internal sealed partial class FlowPage() : OperatorPage("Flow control")
{
    protected override void Body()
    {
        var now = Service<TimeProvider>().GetUtcNow();
        var flow = Await(Service<SchedulerClient>().GetFlowOverviewAsync(now));
        // A snapshot: the page does not refresh itself, so it says when it was read.
        Literal("<p class=\"text-muted\" data-testid=\"flow-read-at\">"); Text($"As of {Time(now)}; reload to read again."); Literal("</p>");
        Summary(flow);
        Concurrency(flow.Concurrency);
        Rates(flow.Rates);
        Waiters(flow.Waiters, now);
        Debounces(flow.Debounces);
        Queued(flow.Queued);
        Unresolved(flow.Unresolved);
    }

    private void Summary(FlowOverview flow)
    {
        var full = flow.Concurrency.Count(l => l.Full);
        var spent = flow.Rates.Count(l => l.NextStartAt is not null);
        Literal("<p class=\"lead\" data-testid=\"flow-summary\">");
        Label("flow-summary-waiting", flow.Waiters.Count, "waiting at the gate", flow.Waiters.Count > 0 ? "label-warning" : "label-default");
        Label("flow-summary-full", full, full == 1 ? "concurrency key full" : "concurrency keys full", full > 0 ? "label-info" : "label-default");
        Label("flow-summary-throttled", spent, spent == 1 ? "rate budget used up" : "rate budgets used up", spent > 0 ? "label-info" : "label-default");
        Label("flow-summary-debounced", flow.Debounces.Count, "debounced, deferred", flow.Debounces.Count > 0 ? "label-info" : "label-default");
        Literal("</p>");
    }

    private void Label(string testId, int count, string text, string style)
    {
        Literal($"<span class=\"label {style}\" style=\"margin-right:10px\" data-testid=\"{testId}\" data-count=\"");
        Text(count.ToString(CultureInfo.InvariantCulture)); Literal("\">");
        Text($"{count.ToString(CultureInfo.InvariantCulture)} {text}"); Literal("</span>");
    }

    private void Concurrency(IReadOnlyList<FlowOverview.ConcurrencyLine> lines)
    {
        Literal("<h2>Concurrency limits</h2>");
        if (lines.Count == 0) { None("flow-no-concurrency", "No task sets a concurrency limit."); return; }
        Headings("flow-concurrency-table", "Key", "Limit", "Holding now", "Waiting", "Tasks");
        foreach (var line in lines)
        {
            Literal("<tr data-testid=\"flow-concurrency\" data-key=\""); Text(line.Key); Literal(line.Full ? "\" class=\"warning\">" : "\">");
            Cell("flow-key", line.Key);
            Cell("flow-limit", Limits(line.Tasks));
            Literal("<td data-testid=\"flow-holding\">"); Text($"{line.Holding.Count} of {line.Limit}");
            if (line.Full) Literal(" <span class=\"label label-info\">full</span>");
            foreach (var holder in line.Holding)
            {
                Literal("<br><small class=\"text-muted\" data-testid=\"flow-holder\">"); Text($"{holder.RunId} (lease to {Time(holder.LeaseEnds)})"); Literal("</small>");
            }
            Literal("</td>");
            Cell("flow-waiting", line.Waiting);
            TaskLinks(line.Tasks, showLimit: line.Tasks.Select(t => t.Limit).Distinct().Count() > 1);
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }

    private void Rates(IReadOnlyList<FlowOverview.RateLine> lines)
    {
        Literal("<h2>Rate limits</h2>");
        if (lines.Count == 0) { None("flow-no-rates", "No task sets a rate limit."); return; }
        Headings("flow-rate-table", "Key", "Budget", "Started in the window", "Waiting", "Next start allowed", "Tasks");
        foreach (var line in lines)
        {
            Literal("<tr data-testid=\"flow-rate\" data-key=\""); Text(line.Key); Literal(line.NextStartAt is null ? "\">" : "\" class=\"warning\">");
            Cell("flow-key", line.Key);
            Cell("flow-budget", $"{line.Count} per {Span(line.Per)}");
            Cell("flow-started", $"{line.Started} of {line.Count}");
            Cell("flow-waiting", line.Waiting);
            // Used up: throttled until the oldest start in the window leaves it.
            Cell("flow-next-start", line.NextStartAt is { } at ? $"throttled until {Time(at)}" : "now");
            TaskLinks(line.Tasks, showLimit: false);
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }
}
