using System.Globalization;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// One run by its id (what <c>GET /api/runs/{runId}</c> returns): its task, due instant, who asked for it, its state
/// now, its Hangfire job and every recorded attempt; Stop while it is in flight, Retry and Dismiss while it is in the failed list.
/// </summary>
internal sealed class RunPage(string runId) : OperatorPage("Run")
{
    private static readonly JsonSerializerOptions Pretty = new(TaskTypes.JsonOptions) { WriteIndented = true };

    protected override void Body()
    {
        if (RunRequestStore.WellFormedTaskOf(runId) is null)
        {
            Context.Response.StatusCode = StatusCodes.Status400BadRequest;
            Literal("<p class=\"alert alert-warning\" data-testid=\"run-malformed\">\""); Text(runId);
            Literal("\" is not a run id; expected "); Text(SchedulerClient.RunIdForms); Literal(".</p>");
            return;
        }
        if (Await(Service<SchedulerClient>().GetRunAsync(runId)) is not { } run)
        {
            // A 404, as the task page's: a link checker or a script must not read a missing run as found.
            Context.Response.StatusCode = StatusCodes.Status404NotFound;
            Literal("<p class=\"alert alert-warning\" data-testid=\"run-missing\">No run with id \""); Text(runId);
            Literal("\" is known (never run, or forgotten a week after it ended).</p>");
            return;
        }
        Literal("<div data-scheduler-api=\""); Text(ApiRoot); Literal("\">");
        Literal("<dl class=\"dl-horizontal\" data-testid=\"run-detail\">");
        Term("Run", "run-id", run.RunId);
        Literal("<dt>Task</dt><dd data-testid=\"run-task\">");
        if (run.TaskName is { } name)
        {
            Literal("<a data-testid=\"run-task-link\" href=\""); Text(PageUrl(SchedulerPages.DetailPath(run.TaskId)) + "#" + SchedulerPages.RunAnchor(run.RunId));
            Literal("\">"); Text(name); Literal("</a> <small class=\"text-muted\">"); Text($"{run.TaskId}, {run.TaskType}"); Literal("</small>");
        }
        else { Text(run.TaskId); Literal(" <span class=\"text-muted\">(deleted)</span>"); }
        Literal("</dd>");
        Term("Due", "run-due", Time(run.DueAt));
        Term("Made by", "run-origin", RunDetailText.Origin(run, Time));
        if (run.Trigger is { } trigger)
        {
            Literal("<dt>Trigger</dt><dd><pre data-testid=\"run-trigger\" style=\"max-height:8em;overflow:auto;margin:0\">");
            Text(JsonSerializer.Serialize(trigger, Pretty)); Literal("</pre></dd>");
        }
        Literal("<dt>State</dt><dd data-testid=\"run-state-line\"><span data-testid=\"run-state\">"); Text(RunDetailText.State(run, Time, outcome => Name(outcome)));
        Literal("</span>");
        // A run asked to stop already is left without the button: a second stop would stop nothing.
        if ((run.State is RunState.Running or RunState.WaitingForRetry || run is { State: RunState.Waiting, WorkerId: not null }) && run.StoppedBy is null) { Literal(" "); RunStopAction(run.RunId, run.TaskId); }
        Literal("</dd>");
        if (run.StoppedBy is { } by) Term("Stopped by", "run-stopped", by);
        Literal("<dt>Hangfire job</dt><dd data-testid=\"run-job\">");
        if (run.HangfireJobId is { } job) { Literal("<a data-testid=\"run-job-link\" href=\""); Text(PageUrl("/jobs/details/" + Uri.EscapeDataString(job))); Literal("\">"); Text(job); Literal("</a>"); }
        else Text("—");
        Literal("</dd><dt>Failed list</dt><dd data-testid=\"run-failed\">");
        if (run.InFailedList) { Text("listed "); FailedRunActions(run.RunId); }
        else Text("not listed");
        Literal("</dd></dl>");
        Attempts(run);
        Literal("</div>");
        RunRequestsScript.Write(Literal);
    }

    private void Attempts(RunDetail run)
    {
        Literal("<h3>Attempts</h3>");
        if (run.EarlierAttemptsTrimmed)
            Literal("<p class=\"text-muted\" data-testid=\"run-trimmed\">Earlier attempts are no longer kept (the task's history holds its newest 1,000 records).</p>");
        if (run.Attempts.Count == 0)
        {
            Literal("<p class=\"text-muted\" data-testid=\"no-attempts\">No attempt has ended yet.</p>");
            return;
        }
        Literal("<table class=\"table table-condensed\" data-testid=\"run-attempts\"><thead><tr>");
        foreach (var heading in new[] { "Attempt", "Worker", "Started", "Finished", "Duration", "Outcome", "Flow wait", "Error", "Result" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        foreach (var attempt in run.Attempts)
        {
            Literal("<tr data-testid=\"run-attempt\" data-attempt=\""); Text(attempt.Attempt); Literal("\">");
            foreach (var value in new object?[] { attempt.Attempt, attempt.WorkerId, Time(attempt.StartedAt), Time(attempt.FinishedAt),
                         $"{attempt.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms", Name(attempt.Outcome),
                         attempt.FlowDelay is { } wait ? Span(wait) : "—" })
            {
                Literal("<td>"); Text(value); Literal("</td>");
            }
            // As the task page shows them: escaped, the result in a box that scrolls rather than a page that grows.
            RunErrorCell(attempt.Error, "attempt-error");
            Literal("<td><pre style=\"max-height:8em;overflow:auto;margin:0\" data-testid=\"attempt-result\">"); Text(attempt.Result); Literal("</pre></td></tr>");
        }
        Literal("</tbody></table>");
    }

    private void Term(string label, string testId, string value)
    {
        Literal("<dt>"); Text(label); Literal($"</dt><dd data-testid=\"{testId}\">"); Text(value); Literal("</dd>");
    }
}
