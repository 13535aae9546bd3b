using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

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

    /// <summary>The attributes of an element holding <paramref name="task"/> (a list row, the detail panel), which the script and <see cref="ActionStates"/> read.</summary>
    protected void TaskHolderAttributes(ScheduledTask task, bool runsInProgress)
    {
        Literal(" data-task=\""); Text(task.Id);
        Literal("\" data-status=\""); Text(Name(task.Status));
        Literal($"\" {ActionStates.InProgressAttribute}=\"{ActionStates.InProgressValue(runsInProgress)}\"");
    }

    /// <summary>
    /// The ids among <paramref name="ids"/> with a run in progress that no one has stopped yet: those offer Stop. A run
    /// already stopped is left out, as stopping it again would stop nothing.
    /// </summary>
    protected IReadOnlySet<string> WithRunsInProgress(IReadOnlyCollection<string> ids)
    {
        var client = Service<SchedulerClient>();
        var runs = Await(Task.WhenAll(ids.Select(async id => (id, runs: await client.GetRunsInProgressAsync(id)))));
        return runs.Where(r => r.runs.Any(run => run.StoppedBy is null)).Select(r => r.id).ToHashSet();
    }
}
