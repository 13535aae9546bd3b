using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Api;
using Scheduler.Contracts.MethodCalls;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// One schedule: its state, the task definition as JSON, the next occurrences (from the stored schedule, the same
/// as <c>GET /api/tasks/{id}/occurrences</c>) and the execution history, newest first.
/// </summary>
internal sealed partial class ScheduleDetailPage(string id) : OperatorPage("Schedule")
{
    private const int RunLimit = 100;

    // The stored task types' own options (type discriminator, enum names), indented for reading. Relaxed escaping
    // keeps "<" readable instead of "\u003C": the JSON is HTML-encoded as it is written, which is what makes it safe.
    private static readonly JsonSerializerOptions Pretty = new(TaskTypes.JsonOptions)
    {
        TypeInfoResolver = TaskTypes.JsonOptions.TypeInfoResolver!.WithAddedModifier(Security.ViewerRedaction.Apply),
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    protected override void Body()
    {
        var client = Service<SchedulerClient>();
        var task = TaskIds.IsValid(id) ? Await(client.GetAsync(id)) : null;
        if (task is null)
        {
            // The same page, but a 404: a link checker, a script or a monitor must not read a missing task as found.
            // Hangfire writes the page after rendering it, so the status set here is the one sent.
            Context.Response.StatusCode = StatusCodes.Status404NotFound;
            Literal("<p class=\"alert alert-warning\" data-testid=\"schedule-missing\">No task with id \"");
            Text(id); Literal("\".</p>");
            return;
        }
        var runs = Await(client.GetRunsAsync(id, RunLimit));
        var occurrences = OccurrencesApi.Upcoming(task, OccurrencesApi.DefaultCount, Service<TimeProvider>().GetUtcNow());

        Literal("<div data-scheduler-api=\""); Text(ApiRoot);
        Literal("\" data-events-after=\""); Text(EventResumePoint(0)); Literal("\">");
        Literal("<h2 data-testid=\"detail-name\">"); Text(task.Name); Literal("</h2>");
        if (DeclaredSchedules.IsOrphaned(task)) OrphanedNotice(task);
        Literal("<div"); TaskHolderAttributes(task, WithRunsInProgress([task.Id]).Count > 0); Literal("><p>"); Actions(task.Id);
        Literal("<a class=\"btn btn-xs btn-default\" data-testid=\"action-edit\" href=\""); Text(PageUrl(SchedulerPages.FormPath) + "?id=" + Uri.EscapeDataString(task.Id)); Literal("\">Edit</a></p>");
        Literal("<dl class=\"dl-horizontal\" data-testid=\"schedule-detail\">");
        Term("Id", null, task.Id);
        Term("Description", null, task.Description ?? "—");
        if (task.Task is MethodCallTask call) Term("Call", "detail-call", call.Describe());
        Term("Spec", null, task.Spec);
        Term("Schedule", "detail-description", task.Schedule.Description);
        Term("Kind", null, $"{Name(task.Schedule.Kind)} ({task.Schedule.Canonical})");
        Term("Time zone", "detail-timezone", task.Schedule.TimeZone);
        Term("Status", "detail-status", Name(task.Status), "status");
        Term("Pause", "detail-pause", task.Pause?.ToString() ?? "", "pause");
        Term("Created", "detail-created", $"{Time(task.CreatedAt)} by {task.CreatedBy ?? "—"}");
        Term("Changed", "detail-changed", task.ChangedAt is { } changed ? $"{Time(changed)} by {task.ChangedBy ?? "—"}" : "—");
        Term("Next run", null, Time(task.NextRunAt), "nextRunAt");
        Term("Last run", null, Time(task.LastRunAt));
        Term("Last outcome", null, Name(task.LastOutcome), "lastOutcome");
        Term("Runs", null, task.RunCount.ToString(CultureInfo.InvariantCulture), "runCount");
        FlowTerms(task);
        Literal("</dl></div>");

        Literal("<h3>Task definition</h3><pre data-testid=\"task-definition\">");
        Text(JsonSerializer.Serialize(task.Task, typeof(TaskDefinition), Pretty));
        Literal("</pre><h3>Options</h3><pre data-testid=\"task-options\">");
        Text(JsonSerializer.Serialize(task.Options, Pretty));
        Literal("</pre>");

        Literal("<h3>Next occurrences</h3>");
        if (occurrences.Count == 0) Literal("<p class=\"text-muted\" data-testid=\"no-occurrences\">None: the schedule will not fire again.</p>");
        else
        {
            Literal("<ol data-testid=\"occurrences\">");
            foreach (var at in occurrences) { Literal("<li data-testid=\"occurrence\">"); Text(Zoned(at)); Literal("</li>"); }
            Literal("</ol>");
        }
        BackfillForm(task);
        History(runs);
        AuditHistory(task.Id);
        Literal("</div>");
        RunRequestsScript.Write(Literal);
    }

    private void OrphanedNotice(ScheduledTask task)
    {
        Literal("<p class=\"alert alert-warning\" data-testid=\"orphaned-declaration\">Plugin ");
        Text(DeclaredSchedules.PluginOf(task) ?? "?");
        Literal(" no longer declares this schedule; the worker that found it so paused it. Delete it (<code>scheduler delete ");
        Text(task.Id); Literal("</code>) or cancel it to keep its history; resume it to keep it running.</p>");
    }

    private void Term(string label, string? testId, string value, string? field = null)
    {
        Literal("<dt>"); Text(label); Literal("</dt><dd");
        if (testId is not null) Literal($" data-testid=\"{testId}\"");
        if (field is not null) Literal($" data-field=\"{field}\"");
        Literal(">"); Text(value); Literal("</dd>");
    }

    private void History(IReadOnlyList<TaskRun> runs)
    {
        Literal("<h3>Execution history</h3>");
        if (runs.Count == 0)
        {
            Literal("<p class=\"text-muted\" data-testid=\"no-runs\">No runs yet.</p>");
            return;
        }
        Literal("<table class=\"table table-condensed\" data-testid=\"runs\"><thead><tr>");
        foreach (var heading in new[] { "Run", "Attempt", "Worker", "Due", "Started", "Duration", "Outcome", "Error", "Result", "" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        var seen = new HashSet<string>();
        var retryJudged = new HashSet<string>();
        foreach (var run in runs)
        {
            // The run id tells which occurrence an attempt belongs to, as the failed runs page and the CLI name it; the
            // run's newest attempt is the anchor those link to (#run-<run id>).
            var latest = seen.Add(run.RunId);
            Literal("<tr data-testid=\"run-row\" data-run-id=\""); Text(run.RunId);
            if (latest) { Literal("\" id=\""); Text(SchedulerPages.RunAnchor(run.RunId)); }
            Literal("\"><td data-testid=\"run-id\"><small>"); RunLink(run.RunId, "run-link"); Literal("</small></td>");
            foreach (var value in new object?[] { run.Attempt, run.WorkerId, Time(run.DueAt), Time(run.StartedAt),
                         $"{run.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms", Name(run.Outcome) })
            {
                Literal("<td>"); Text(value); Literal("</td>");
            }
            RunErrorCell(run.Error, "run-error");
            Literal("<td><pre style=\"max-height:8em;overflow:auto;margin:0\" data-testid=\"run-result\">"); Text(run.Result); Literal("</pre></td>");
            // A late execution's record (kept, counted for nothing) lands above the final one: the Retry button stays there.
            RunRequestCell(run, !Runtime.Storage.RunLedgerScripts.IsLate(run) && retryJudged.Add(run.RunId));
            Literal("</tr>");
        }
        Literal("</tbody></table>");
    }
}
