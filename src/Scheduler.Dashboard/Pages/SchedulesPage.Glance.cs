using System.Globalization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Client;
using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Pages;

/// <summary>The list's search box, paging, the due-soon and failing-now counts, and each row's strip of recent runs.</summary>
internal sealed partial class SchedulesPage
{
    private const int PageSize = 50;
    private const int StripRuns = 10;
    private const int StripHeight = 18;

    /// <summary>
    /// Due within 5 and 60 minutes (overdue included) and failing now, each a label; failing links to the schedules it
    /// counts. Counting failures reads every record, so the script fills that in from the API after the page is shown.
    /// </summary>
    private void AtAGlance()
    {
        var reads = Service<OperatorReads>();
        var now = Service<TimeProvider>().GetUtcNow();
        var dueSoon = Await(reads.DueWithinAsync(now, TimeSpan.FromMinutes(5)));
        var dueHour = Await(reads.DueWithinAsync(now, TimeSpan.FromMinutes(60)));
        Literal("<p class=\"lead\" data-testid=\"at-a-glance\">");
        Count("glance-due-5", dueSoon, "due in 5 minutes", dueSoon > 0 ? "label-info" : "label-default");
        Count("glance-due-60", dueHour, "due in 60 minutes", dueHour > 0 ? "label-info" : "label-default");
        Literal("<a href=\""); Text(PageUrl(SchedulerPages.SchedulesPath) + "?outcome=failed");
        Literal("\" class=\"label label-default\" data-testid=\"glance-failing\">… failing now</a></p>");
        Literal("<script>"); Literal(OperatorScript.Glance); Literal("</script>");
    }

    private void Count(string testId, long count, string label, string style)
    {
        Literal($"<span class=\"label {style}\" style=\"margin-right:10px\" data-testid=\"{testId}\" data-count=\"");
        Text(count); Literal("\">"); Text($"{count.ToString(CultureInfo.InvariantCulture)} {label}"); Literal("</span>");
    }

    private void SearchBox(string? q, RunOutcome? outcome)
    {
        Literal("<input type=\"search\" class=\"form-control\" name=\"q\" data-testid=\"schedule-search\" style=\"min-width:22em\" ");
        Literal("placeholder=\"Search name, id, tag, type, status, spec\" value=\""); Text(q); Literal("\"> ");
        if (outcome is not null) { Literal("<input type=\"hidden\" name=\"outcome\" value=\""); Text(Name(outcome)); Literal("\"> "); }
    }

    /// <summary>"New schedule", the range shown of how many, and links to the previous and next page keeping the filters and order.</summary>
    private void Pager(int offset, int shown, long total, ScheduleSort sort)
    {
        Literal("<p data-testid=\"pager\"><a class=\"btn btn-success btn-sm\" data-testid=\"new-schedule\" href=\"");
        Text(PageUrl(SchedulerPages.FormPath)); Literal("\">New schedule</a> ");
        if (shown > 0)
        {
            Literal("<span class=\"text-muted\" data-testid=\"page-range\">");
            Text($"{offset + 1}–{offset + shown} of {total}"); Literal("</span> ");
        }
        // Past the end, "previous" goes to the last page there is.
        var previous = offset >= total ? Math.Max(0, (int)((total - 1) / PageSize * PageSize)) : Math.Max(0, offset - PageSize);
        if (offset > 0) PageLink("page-previous", "‹ Previous", previous, sort);
        if (offset + shown < total && shown > 0) PageLink("page-next", "Next ›", offset + shown, sort);
        Literal("</p>");
    }

    private void PageLink(string testId, string label, int offset, ScheduleSort sort)
    {
        Literal($"<a class=\"btn btn-default btn-sm\" data-testid=\"{testId}\" href=\"");
        Text(ListUrl(offset, sort)); Literal("\">");
        Text(label); Literal("</a> ");
    }

    /// <summary>
    /// The last runs, oldest left: one bar each, coloured by outcome, as tall as its duration relative to the longest
    /// shown; hovering names the outcome, duration and start.
    /// </summary>
    private void RunStrip(IReadOnlyList<TaskRun> runs)
    {
        if (runs.Count == 0) { Literal("<span class=\"text-muted\" data-testid=\"run-strip-empty\">—</span>"); return; }
        var longest = Math.Max(1, runs.Max(r => r.Duration.TotalMilliseconds));
        Literal($"<span data-testid=\"run-strip\" style=\"display:inline-flex;align-items:flex-end;height:{StripHeight}px\">");
        foreach (var run in runs.Reverse())
        {
            var ms = Math.Max(0, run.Duration.TotalMilliseconds);
            var height = 4 + (int)Math.Round((StripHeight - 4) * ms / longest);
            Literal($"<span data-testid=\"run-tick\" data-outcome=\"{Name(run.Outcome)}\" style=\"display:inline-block;width:6px;margin-right:1px;height:{height}px;background:{Colour(run.Outcome)}\" title=\"");
            Text($"{Name(run.Outcome)}, {ms.ToString("0", CultureInfo.InvariantCulture)} ms, {Time(run.StartedAt)}"); Literal("\"></span>");
        }
        Literal("</span>");
    }

    private static string Colour(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "#5cb85c",
        RunOutcome.Failed => "#d9534f",
        RunOutcome.TimedOut => "#f0ad4e",
        _ => "#999",
    };
}
