using Scheduler.Contracts.Client;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Every schedule with its description, zone, status, next run, last outcome and a strip of its recent runs, a page at
/// a time; a search box and filters by status, task type, tag and name (a plain GET form, so a filtered view is a
/// shareable URL), searched on the server; sorted by a click on a column heading (kept in the URL too), with the
/// number of matches; pause, resume, trigger and cancel buttons that call the REST API. Above the list,
/// how many schedules are due soon and failing now. Rows refresh themselves when an event about their task arrives.
/// </summary>
internal sealed partial class SchedulesPage() : OperatorPage("Schedules")
{
    protected override void Body()
    {
        var status = Query("status");
        var type = Query("type");
        var tag = Query("tag");
        var name = Query("name");
        var q = Query("q");
        var outcome = Query("outcome");
        var offsetText = Query("offset");
        var offset = int.TryParse(offsetText, System.Globalization.CultureInfo.InvariantCulture, out var o) && o > 0 ? o : 0;
        ScheduleStatus? statusFilter = ScheduleStatusNames.TryParse(status, out var parsed) ? parsed : null;
        var sortKnown = ScheduleSort.TryParse(Query("sort"), out var sort);
        var filter = new ScheduleFilter
        {
            Status = statusFilter,
            TaskType = string.IsNullOrWhiteSpace(type) ? null : type,
            Tag = string.IsNullOrWhiteSpace(tag) ? null : tag,
            NameContains = string.IsNullOrWhiteSpace(name) ? null : name,
            Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, Api.ScheduleQuery.MaxLength)],
            LastOutcome = RunOutcomeNames.TryParse(outcome, out var last) ? last : null,
        };
        var (tasks, total) = Await(Service<SchedulerClient>().ListSortedAsync(filter, sort, PageSize, offset));

        Literal("<div data-scheduler-api=\""); Text(ApiRoot);
        Literal("\" data-events-after=\""); Text(EventResumePoint(0));
        Literal("\" data-detail-base=\""); Text(PageUrl(SchedulerPages.SchedulesPath + "/")); Literal("\">");
        AtAGlance();
        Filters(statusFilter, type, tag, name, q, filter.LastOutcome, sort);
        // A filter value the page cannot use (a hand-edited or stale link) is said, not silently dropped or matched by nothing.
        if (!string.IsNullOrWhiteSpace(status) && statusFilter is null)
            FilterWarning($"status \"{status}\" is not a status, so it is not applied; expected one of {string.Join(", ", Enum.GetValues<ScheduleStatus>().Select(s => Name(s)))}");
        if (!string.IsNullOrWhiteSpace(type) && !TaskTypes.Names.Contains(type, StringComparer.OrdinalIgnoreCase))
            FilterWarning($"type \"{type}\" is no task type, so nothing matches it; expected one of {string.Join(", ", TaskTypes.Names)}");
        QueryWarnings(outcome, filter.LastOutcome, sortKnown, offsetText);
        Total(total, offset, tasks.Count);
        if (tasks.Count == 0)
        {
            Literal("<p class=\"alert alert-info\" data-testid=\"no-schedules\">");
            Text(total > 0 ? $"No schedules on this page: the {Count(total)} matching end before item {offset + 1}." : "No schedules match.");
            Literal("</p>");
            Pager(offset, 0, total, sort);
            Literal("</div>");
            return;
        }
        var runs = Await(Service<OperatorReads>().RecentRunsAsync([.. tasks.Select(t => t.Id)], StripRuns));
        BulkBar(filter, total);
        Literal("<table class=\"table table-striped table-hover\" data-testid=\"schedules\"><thead><tr>");
        SelectHeading();
        foreach (var (heading, key) in Columns)
        {
            if (key is { } k) SortHeading(heading, k, sort);
            else { Literal("<th>"); Text(heading); Literal("</th>"); }
        }
        Literal("</tr></thead><tbody>");
        var inProgress = WithRunsInProgress([.. tasks.Select(t => t.Id)]);
        foreach (var task in tasks) Row(task, runs[task.Id], inProgress.Contains(task.Id));
        Literal("</tbody></table>");
        Pager(offset, tasks.Count, total, sort);
        Literal("</div>");
    }

    // The columns, with the key a click on the heading sorts by.
    private static readonly (string Heading, ScheduleSortKey? Key)[] Columns =
    [
        ("Name", ScheduleSortKey.Name), ("Type", ScheduleSortKey.Type), ("Schedule", null), ("Time zone", null),
        ("Status", ScheduleSortKey.Status), ("Next run", ScheduleSortKey.NextRun), ("Last run", ScheduleSortKey.LastRun),
        ("Last outcome", ScheduleSortKey.LastOutcome), ("Runs", ScheduleSortKey.RunCount), ("Recent runs", null), ("", null),
    ];

    private void Filters(ScheduleStatus? status, string? type, string? tag, string? name, string? q, RunOutcome? outcome, ScheduleSort sort)
    {
        Literal("<form method=\"get\" class=\"form-inline\" style=\"margin-bottom:15px\" data-testid=\"schedule-filters\" action=\"");
        Text(PageUrl(SchedulerPages.SchedulesPath)); Literal("\">");
        SearchBox(q, outcome);
        // A new filter starts at the first page, in the order chosen.
        if (!sort.IsDefault) { Literal("<input type=\"hidden\" name=\"sort\" value=\""); Text(sort.ToString()); Literal("\"> "); }
        Select("status", "Any status", Enum.GetValues<ScheduleStatus>().Select(s => Name(s)), status is null ? null : Name(status));
        Select("type", "Any task type", TaskTypes.Names, type);
        Input("tag", "Tag", tag);
        Input("name", "Name contains", name);
        Literal(" <button type=\"submit\" class=\"btn btn-default\" data-testid=\"filter-apply\">Filter</button>");
        Literal(" <a class=\"btn btn-link\" href=\""); Text(PageUrl(SchedulerPages.SchedulesPath)); Literal("\">Clear</a></form>");
    }

    private void FilterWarning(string text)
    {
        Literal("<p class=\"alert alert-warning\" data-testid=\"filter-warning\">"); Text(text); Literal("</p>");
    }

    private void Select(string field, string anyLabel, IEnumerable<string> values, string? selected)
    {
        Literal($"<select class=\"form-control\" name=\"{field}\" data-testid=\"filter-{field}\"><option value=\"\">");
        Text(anyLabel); Literal("</option>");
        foreach (var value in values)
        {
            Literal("<option value=\""); Text(value); Literal("\"");
            if (string.Equals(value, selected, StringComparison.OrdinalIgnoreCase)) Literal(" selected");
            Literal(">"); Text(value); Literal("</option>");
        }
        Literal("</select> ");
    }

    private void Input(string field, string placeholder, string? value)
    {
        Literal($"<input class=\"form-control\" name=\"{field}\" data-testid=\"filter-{field}\" placeholder=\"");
        Text(placeholder); Literal("\" value=\""); Text(value); Literal("\"> ");
    }

    private void Row(ScheduledTask task, IReadOnlyList<TaskRun> runs, bool runsInProgress)
    {
        Literal("<tr data-testid=\"schedule-row\""); TaskHolderAttributes(task, runsInProgress); Literal(">");
        SelectCell(task.Id);
        Literal("<td><a data-testid=\"schedule-name\" href=\""); Text(PageUrl(SchedulerPages.DetailPath(task.Id))); Literal("\">");
        Text(task.Name); Literal("</a>");
        if (DeclaredSchedules.IsOrphaned(task))
            Literal(" <span class=\"label label-warning\" data-testid=\"orphaned-declaration\" title=\"Its plugin no longer declares it\">no longer declared</span>");
        Literal("<br><small class=\"text-muted\">"); Text(task.Id); Literal("</small>");
        PauseLine(task); Literal("</td>");
        Cell("schedule-type", null, task.Task.TypeName);
        Cell("schedule-description", null, task.Schedule.Description);
        Cell("schedule-timezone", null, task.Schedule.TimeZone);
        Cell("schedule-status", "status", Name(task.Status));
        Cell("schedule-next", "nextRunAt", Time(task.NextRunAt));
        Cell("schedule-last-run", "lastRunAt", Time(task.LastRunAt));
        Cell("schedule-last-outcome", "lastOutcome", Name(task.LastOutcome));
        Cell("schedule-run-count", "runCount", task.RunCount);
        Literal("<td data-testid=\"schedule-runs\">"); RunStrip(runs); Literal("</td>");
        Literal("<td style=\"white-space:nowrap\">"); Actions(task.Id); Literal("</td></tr>");
    }

    private void Cell(string testId, string? field, object? value)
    {
        Literal($"<td data-testid=\"{testId}\"");
        if (field is not null) Literal($" data-field=\"{field}\"");
        Literal(">"); Text(value); Literal("</td>");
    }
}
