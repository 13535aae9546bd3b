using System.Globalization;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Failed and timed-out occurrences across every schedule, newest first, filtered by task and type (a GET form, so a
/// filtered view is a URL) and paged; each with a Retry button that runs it again and a Dismiss button that takes it off the list, through the REST API.
/// </summary>
internal sealed class FailedRunsPage() : OperatorPage("Failed runs")
{
    private const int PageSize = 50;

    protected override void Body()
    {
        var task = Query("task") is { Length: > 0 } t ? t.Trim() : null;
        var type = Query("type") is { Length: > 0 } y ? y : null;
        var page = int.TryParse(Query("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 1 ? p : 1;
        var result = task is not null && !TaskIds.IsValid(task) ? new FailedRunPage(0, [])
            : Await(Service<SchedulerClient>().GetFailedRunsAsync(task, type, PageSize, (page - 1) * PageSize));

        Literal("<div data-scheduler-api=\""); Text(ApiRoot); Literal("\">");
        Filters(task, type);
        if (result.Runs.Count == 0)
        {
            // Past the last page (the list shrank, or a hand-made link): said, with the way back, not "none match".
            if (result.Total > 0)
            {
                Literal("<p class=\"alert alert-warning\" data-testid=\"past-last-page\">");
                Text($"Page {page} is past the last one: {result.Total} failed run(s) match, {Pages(result.Total)} page(s). ");
                Literal("</p><ul class=\"pager\">");
                Link("First", task, type, 1);
                Literal("</ul></div>");
                return;
            }
            Literal("<p class=\"alert alert-info\" data-testid=\"no-failed-runs\">");
            Text(task is not null && !TaskIds.IsValid(task) ? $"\"{task}\" is not a task id (letters, digits, '.', '_' or '-', at most 128); no failed runs match."
                : "No failed runs match.");
            Literal("</p></div>");
            return;
        }
        // The filter, page and page size let the script count again after a dismiss (RunRequestsScript).
        Literal("<p class=\"text-muted\" data-testid=\"failed-total\" data-total-query=\""); Text(TotalQuery(task, type));
        Literal($"\" data-page=\"{page}\" data-page-size=\"{PageSize}\">");
        Text(TotalText(result.Total, page));
        Literal("</p><table class=\"table table-striped table-hover\" data-testid=\"failed-runs\"><thead><tr>");
        foreach (var heading in new[] { "Ended", "Task", "Type", "Occurrence", "Attempt", "Outcome", "Error", "" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        foreach (var failed in result.Runs) Row(failed);
        Literal("</tbody></table>");
        Pager(task, type, page, result.Total);
        Literal("</div>");
        RunRequestsScript.Write(Literal);
    }

    private void Row(FailedRun failed)
    {
        var run = failed.Run;
        Literal("<tr data-testid=\"failed-run\" data-run-id=\""); Text(run.RunId); Literal("\">");
        Cell(Time(run.FinishedAt));
        Literal("<td><a data-testid=\"failed-task\" href=\""); Text(PageUrl(SchedulerPages.DetailPath(run.TaskId))); Literal("\">");
        Text(failed.TaskName); Literal("</a><br><small class=\"text-muted\">"); Text(run.TaskId); Literal("</small></td>");
        Cell(failed.TaskType);
        // The run id links to the run's own page (its attempts, state and job).
        Literal("<td>"); Text(Time(run.DueAt)); Literal("<br><small>"); RunLink(run.RunId, "failed-run-link"); Literal("</small></td>");
        Literal("<td>"); Text(run.Attempt);
        if (run.Request is { } request)
        {
            Literal(" <span class=\"label label-default\" data-testid=\"run-request\">");
            Text($"{(request.Kind == RunRequestKind.Retry ? "retry" : "backfill")} by {request.By ?? "—"}"); Literal("</span>");
        }
        Literal("</td>");
        Cell(Name(run.Outcome));
        RunErrorCell(run.Error, "failed-error"); Literal("<td>");
        FailedRunActions(run.RunId);
        Literal("</td></tr>");
    }

    private void Cell(object? value)
    {
        Literal("<td>"); Text(value); Literal("</td>");
    }

    private void Filters(string? task, string? type)
    {
        Literal("<form method=\"get\" class=\"form-inline\" style=\"margin-bottom:15px\" data-testid=\"failed-filters\" action=\"");
        Text(PageUrl(SchedulerPages.FailedRunsPath)); Literal("\">");
        Literal("<input class=\"form-control\" name=\"task\" data-testid=\"filter-task\" placeholder=\"Task id\" value=\""); Text(task); Literal("\"> ");
        Literal("<select class=\"form-control\" name=\"type\" data-testid=\"filter-type\"><option value=\"\">Any task type</option>");
        foreach (var name in TaskTypes.Names)
        {
            Literal("<option value=\""); Text(name); Literal("\""); if (name == type) Literal(" selected");
            Literal(">"); Text(name); Literal("</option>");
        }
        Literal("</select> <button type=\"submit\" class=\"btn btn-default\" data-testid=\"filter-apply\">Filter</button>");
        Literal(" <a class=\"btn btn-link\" href=\""); Text(PageUrl(SchedulerPages.FailedRunsPath)); Literal("\">Clear</a></form>");
    }

    private void Pager(string? task, string? type, int page, int total)
    {
        var pages = Pages(total);
        if (pages <= 1) return;
        Literal("<ul class=\"pager\">");
        if (page > 1) Link("Newer", task, type, page - 1);
        if (page < pages) Link("Older", task, type, page + 1);
        Literal("</ul>");
    }

    private static int Pages(int total) => (total + PageSize - 1) / PageSize;

    // The script writes the same words when it counts again after a dismiss: change both together.
    private static string TotalText(int total, int page) => $"{total} failed run(s); page {page} of {Pages(total)}";

    // The query of GET /api/runs/failed that counts what this page lists.
    private static string TotalQuery(string? task, string? type) =>
        "?limit=1" + (task is null ? "" : $"&task={Uri.EscapeDataString(task)}") + (type is null ? "" : $"&type={Uri.EscapeDataString(type)}");

    private void Link(string label, string? task, string? type, int page)
    {
        var query = $"?page={page}" + (task is null ? "" : $"&task={Uri.EscapeDataString(task)}") + (type is null ? "" : $"&type={Uri.EscapeDataString(type)}");
        Literal("<li><a data-testid=\"page-"); Text(label.ToLowerInvariant()); Literal("\" href=\""); Text(PageUrl(SchedulerPages.FailedRunsPath) + query);
        Literal("\">"); Text(label); Literal("</a></li>");
    }
}
