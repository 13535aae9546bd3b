using Scheduler.Contracts.Runs;

namespace Scheduler.Dashboard.Pages;

internal abstract partial class OperatorPage
{
    /// <summary>
    /// Retry and Dismiss for a run in the failed list (the failed runs page, a run's own page); RunRequestsScript sends
    /// them to the REST API, so the page writes it too.
    /// </summary>
    protected void FailedRunActions(string runId)
    {
        Literal("<button type=\"button\" class=\"btn btn-xs btn-primary\" data-run-action=\"retry\" data-testid=\"action-retry\" data-run-id=\"");
        Text(runId); Literal("\">Retry</button> ");
        Literal("<button type=\"button\" class=\"btn btn-xs btn-default\" data-run-action=\"dismiss\" data-testid=\"action-dismiss\" "
            + "title=\"Take it off this list without running it again\" data-run-id=\"");
        Text(runId); Literal("\">Dismiss</button>");
    }

    /// <summary>
    /// Stop for a run in flight (a run's own page): RunRequestsScript asks first, as the task's Stop run does, then sends
    /// it to <c>POST /api/runs/{runId}/stop</c>; the run is recorded cancelled and its task goes on.
    /// </summary>
    protected void RunStopAction(string runId, string taskId)
    {
        // In a span of its own: the script puts its answer in the button's parent, which must hold nothing else.
        Literal("<span><button type=\"button\" class=\"btn btn-xs btn-warning\" data-run-action=\"stop\" data-testid=\"action-stop-run\" "
            + "title=\"Stop this run: recorded cancelled, not retried; the schedule goes on\" data-task-id=\"");
        Text(taskId); Literal("\" data-run-id=\""); Text(runId); Literal("\">Stop</button></span>");
    }

    /// <summary>
    /// A run's error as a table cell, in words (<see cref="RunErrorText"/>: a failed shell command's exit code and the end
    /// of its stderr, not its JSON); the error whole is the cell's tooltip, and REST keeps it whole.
    /// </summary>
    protected void RunErrorCell(string? error, string testId)
    {
        var words = RunErrorText.Words(error);
        Literal($"<td data-testid=\"{testId}\"");
        if (words != (error ?? "")) { Literal(" title=\""); Text(error); Literal("\""); }
        Literal(">"); Text(words); Literal("</td>");
    }

    /// <summary>A run id as a link to its own page.</summary>
    protected void RunLink(string runId, string testId)
    {
        Literal($"<a data-testid=\"{testId}\" href=\""); Text(PageUrl(SchedulerPages.RunPath(runId))); Literal("\">"); Text(runId); Literal("</a>");
    }
}
