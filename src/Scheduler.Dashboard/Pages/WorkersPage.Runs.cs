using Scheduler.Contracts.Runs;

namespace Scheduler.Dashboard.Pages;

internal sealed partial class WorkersPage
{
    // Enough for any page a person reads; the rest are counted, so a large backlog does not make a page of megabytes.
    private const int RunLimit = 500;

    private void RunsInProgress(IReadOnlyList<TaskRunInProgress> runs)
    {
        Literal("<h2>Runs in progress</h2>");
        if (runs.Count == 0)
        {
            Literal("<p class=\"text-muted\" data-testid=\"no-runs-in-progress\">No run is in progress.</p>");
            return;
        }
        Literal("<p class=\"text-muted\" data-testid=\"runs-in-progress-total\">");
        Text(runs.Count > RunLimit ? $"{runs.Count} run(s) in progress; the oldest {RunLimit} shown." : $"{runs.Count} run(s) in progress, oldest first.");
        Literal("</p><table class=\"table table-condensed\" data-testid=\"runs-in-progress\"><thead><tr>");
        foreach (var heading in new[] { "Task", "Run", "Worker", "Started", "Attempt" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        foreach (var (taskId, run) in runs.Take(RunLimit))
        {
            Literal("<tr data-testid=\"run-in-progress\" data-run-id=\""); Text(run.RunId); Literal("\">");
            Literal("<td><a data-testid=\"run-task\" href=\""); Text(PageUrl(SchedulerPages.DetailPath(taskId))); Literal("\">");
            Text(taskId); Literal("</a></td>");
            Literal("<td data-testid=\"run-id\">"); RunLink(run.RunId, "run-link"); Literal("</td>");
            Cell("run-worker", run.WorkerId);
            if (run.RetryDueAt is { } due)
            {
                // Parked for its retry, no worker holds it: the time is when that retry is due, not a start.
                Literal("<td data-testid=\"run-started\"><span class=\"label label-default\" data-testid=\"run-parked\">");
                Text("waiting for retry"); Literal("</span> "); Text($"(due {Time(due)})"); Literal("</td>");
            }
            else if (run.WaitingToStart)
            {
                // Claimed, its handler not started (behind the run before it): the time is the claim's, not a start.
                Literal("<td data-testid=\"run-started\"><span class=\"label label-info\" data-testid=\"run-waiting\">");
                Text($"waiting to start on {run.WorkerId}"); Literal("</span> "); Text($"(claimed {Time(run.StartedAt)})"); Literal("</td>");
            }
            else Cell("run-started", Time(run.StartedAt));
            Literal("<td data-testid=\"run-attempt\">"); Text(run.RetryDueAt is null ? $"{run.Attempt}" : $"{run.Attempt} to come");
            if (run.StoppedBy is { } by)
            {
                Literal(" <span class=\"label label-warning\" data-testid=\"run-stopping\">"); Text($"stop asked by {by}"); Literal("</span>");
            }
            Literal("</td></tr>");
        }
        Literal("</tbody></table>");
    }
}
