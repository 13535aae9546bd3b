using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Pages;

internal sealed partial class ScheduleDetailPage
{
    // Who asked for a run by hand, and a Retry button on a run whose latest attempt (a late execution's record left out)
    // ended it failed or timed out.
    private void RunRequestCell(TaskRun run, bool latest)
    {
        Literal("<td style=\"white-space:nowrap\">");
        if (run.Request is { } request)
        {
            Literal("<span class=\"label label-default\" data-testid=\"run-request\">");
            Text($"{(request.Kind == RunRequestKind.Retry ? "retry" : "backfill")} by {request.By ?? "—"}");
            Literal("</span> ");
        }
        if (latest && run.IsFinal && run.Outcome is RunOutcome.Failed or RunOutcome.TimedOut)
        {
            Literal("<button type=\"button\" class=\"btn btn-xs btn-primary\" data-run-action=\"retry\" data-testid=\"action-retry\" data-run-id=\"");
            Text(run.RunId); Literal("\">Retry</button>");
        }
        Literal("</td>");
    }

    // Backfill: the occurrences the schedule had between two instants, previewed before they run.
    private void BackfillForm(ScheduledTask task)
    {
        if (!task.Schedule.IsRecurring || task.Schedule.Kind == Contracts.Scheduling.ScheduleKind.Trigger || task.Status == ScheduleStatus.Cancelled) return;
        Literal("<h3>Backfill</h3><form class=\"form-inline\" style=\"margin-bottom:15px\" data-testid=\"backfill-form\" data-id=\"");
        Text(task.Id); Literal("\">");
        Literal("<input class=\"form-control\" name=\"from\" data-testid=\"backfill-from\" placeholder=\"from, e.g. 2026-11-01T00:00 (UTC)\" size=\"30\"> ");
        Literal("<input class=\"form-control\" name=\"to\" data-testid=\"backfill-to\" placeholder=\"to (UTC; empty = now)\" size=\"30\"> ");
        Literal("<button type=\"button\" class=\"btn btn-default\" data-testid=\"backfill-preview\">Preview</button> ");
        Literal("<button type=\"button\" class=\"btn btn-warning\" data-testid=\"backfill-run\">Run backfill</button>");
        Literal("<p class=\"help-block\">");
        Text($"Runs the occurrences this schedule had in the range (both ends included, at most {BackfillPlan.MaxOccurrences:N0}); ");
        Text(task.Options.Overlap == OverlapPolicy.Allow ? "overlap allow: all at once." : $"overlap {Name(task.Options.Overlap)}: one at a time.");
        Literal("</p><p data-testid=\"backfill-result\"></p></form>");
    }
}
