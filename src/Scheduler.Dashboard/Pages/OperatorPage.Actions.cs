namespace Scheduler.Dashboard.Pages;

internal abstract partial class OperatorPage
{
    /// <summary>
    /// Pause, resume, run now, stop the runs in progress, cancel and delete; the script sends them to the REST API (stop,
    /// cancel and delete after a confirmation) and writes what came of it in the result line after them, so a click
    /// that changed nothing (a cancel of an ended task, a stop with nothing running) says so where the operator looks.
    /// </summary>
    protected void Actions(string id)
    {
        foreach (var (action, label, style) in new[] { ("pause", "Pause", "default"), ("resume", "Resume", "default"), ("trigger", "Run now", "primary"), ("stop", "Stop run", "warning"), ("cancel", "Cancel", "danger"), ("delete", "Delete", "danger") })
        {
            Literal($"<button type=\"button\" class=\"btn btn-xs btn-{style}\" data-action=\"{action}\" data-testid=\"action-{action}\" data-id=\"");
            Text(id); Literal("\">"); Text(label); Literal("</button> ");
        }
        Literal("<span data-action-result data-testid=\"action-result\" role=\"status\" hidden></span> ");
    }
}
