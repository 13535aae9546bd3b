using System.Globalization;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Pages;

internal sealed partial class ScheduleDetailPage
{
    // The task's flow policies and whether a run of it waits on one now (issue 18 §5), in the detail list.
    private void FlowTerms(ScheduledTask task)
    {
        var o = task.Options;
        if (o.Concurrency is { } c) Term("Concurrency", "detail-concurrency", $"at most {c.Limit} at once per key \"{c.Key}\"");
        if (o.RateLimit is { } r) Term("Rate limit", "detail-rate-limit", $"at most {r.Count} starts per {Span(r.Per)} per key \"{r.Key}\"");
        if (o.Priority != TaskPriority.Normal) Term("Priority", "detail-priority", o.Priority.ToString().ToLowerInvariant());
        if (o.Debounce is { } d) Term("Debounce", "detail-debounce", $"key \"{d.Key}\", window {Span(d.Window)}");
        if (o.IdempotencyKey is { } key)
            Term("Idempotency key", "detail-idempotency", o.IdempotencyWindow is { } w ? $"{key} (kept {Span(w)})" : key);
        if (task.Waiting is { } wait)
            Term("Waiting", "detail-waiting", $"for {wait.Key} since {Time(wait.Since)}, {wait.Waiting.ToString(CultureInfo.InvariantCulture)} waiting for it");
        // Its keys are shared with other tasks: what holds and waits on them across all tasks is on the overview.
        if (o.Concurrency is not null || o.RateLimit is not null || o.Debounce is not null)
        {
            Literal("<dt></dt><dd><a data-testid=\"detail-flow-overview\" href=\""); Text(PageUrl(SchedulerPages.FlowPath));
            Literal("\">Flow control across all tasks</a></dd>");
        }
    }
}
