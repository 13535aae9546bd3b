namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Scheduler events as they happen, newest first, over Server-Sent Events from <c>/api/events</c>. The page starts
/// with the most recent events (replayed from the stream) so it is never empty just because nothing happened since
/// it opened. Rows are built by the script with textContent, so event data is never interpreted as HTML.
/// </summary>
internal sealed class EventsPage() : OperatorPage("Live events")
{
    private const int Backlog = 20;

    protected override void Body()
    {
        Literal("<div data-scheduler-api=\""); Text(ApiRoot);
        Literal("\" data-events-after=\""); Text(EventResumePoint(Backlog));
        Literal("\" data-detail-base=\""); Text(PageUrl(SchedulerPages.SchedulesPath + "/")); Literal("\">");
        Literal("<p>Stream: <span class=\"label label-default\" data-testid=\"events-status\">connecting</span> ");
        Literal("<small class=\"text-muted\">the last ");
        Text(Backlog);
        Literal(" events, then new ones as they arrive</small></p>");
        Literal("<table class=\"table table-condensed\" data-testid=\"events\"><thead><tr>");
        foreach (var heading in new[] { "At", "Event", "Type", "Task", "Data" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody data-testid=\"event-list\"></tbody></table></div>");
    }
}
