using System.Globalization;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// One cleanup registration: its fields, when it runs next, Run now, Dry run, Edit and Delete, and its history (the newest
/// <see cref="CleanupLastRun.KeptRuns"/> real runs, newest first, the same as <c>GET /api/cleanup/{id}/runs</c>) with
/// each failed run's errors.
/// </summary>
internal sealed class CleanupDetailPage(string id) : CleanupPageBase("Cleanup")
{
    protected override void Body()
    {
        var client = Service<SchedulerClient>();
        var registration = TaskIds.IsValid(id) ? Await(client.GetCleanupAsync(id)) : null;
        var runs = registration is null ? null : Await(client.GetCleanupRunsAsync(id));
        if (registration is null || runs is null)
        {
            // A 404, as the schedule page answers for a missing task: a link checker or a script must not read it as found.
            Context.Response.StatusCode = StatusCodes.Status404NotFound;
            Literal("<p class=\"alert alert-warning\" data-testid=\"cleanup-missing\">"); Text($"No cleanup registration with id \"{TaskIds.Shown(id)}\". ");
            Literal("<a href=\""); Text(PageUrl(SchedulerPages.CleanupPath)); Literal("\">All cleanups</a></p>");
            return;
        }
        var now = Service<TimeProvider>().GetUtcNow();
        var due = Await(client.GetCleanupDueTimesAsync([id]));
        var canRun = CanRun;
        ActionOutcome();
        if (Query("preview") is { } preview) Preview(Await(Service<CleanupPreviews>().FindAsync(preview)));
        if (!canRun) NoRootsNotice();
        Literal("<h2 data-testid=\"cleanup-heading\">"); Text(registration.Id); Literal("</h2><p>");
        if (canRun)
        {
            ActionForm(id, CleanupActionDispatcher.Run, "Run now", "primary");
            ActionForm(id, CleanupActionDispatcher.DryRun, "Dry run", "default");
        }
        EditLink();
        DeleteAction();
        Literal("</p><dl class=\"dl-horizontal\" data-testid=\"cleanup-detail\">");
        Term("Description", "cleanup-description", registration.Description ?? "—");
        Term("Module", "cleanup-module", registration.ModuleId ?? "—");
        Term("Directory", "cleanup-directory", registration.Directory);
        Term("Pattern", "cleanup-pattern", registration.Pattern);
        Term("Deletes files", "cleanup-policies", Policies(registration));
        Term("Priority", "cleanup-priority", registration.Priority.ToString(CultureInfo.InvariantCulture));
        Term("Runs", "cleanup-schedule", Schedule(registration, due.TryGetValue(id, out var at) ? at : null, now));
        Term("Registered", null, Time(registration.CreatedAt));
        Term("Changed", null, Time(registration.UpdatedAt));
        Literal("</dl>");
        History(runs);
    }

    private void EditLink()
    {
        Literal("<a class=\"btn btn-xs btn-default\" data-cleanup-action=\"edit\" data-testid=\"cleanup-edit\" href=\"");
        Text(PageUrl(SchedulerPages.CleanupFormPath + "?id=" + Uri.EscapeDataString(id))); Literal("\">Edit</a> ");
    }

    // Two steps without a script (the content policy allows none inline but ours): the first click only opens the real button.
    private void DeleteAction()
    {
        Literal("<details style=\"display:inline-block;vertical-align:top\" data-cleanup-action=\"delete-open\">");
        Literal("<summary class=\"btn btn-xs btn-danger\" data-testid=\"cleanup-delete-open\">Delete…</summary> ");
        Literal("<span class=\"text-muted\">Deletes the registration and its history; no file is touched.</span> ");
        ActionForm(id, CleanupActionDispatcher.Delete, "Delete for good", "danger");
        Literal("</details>");
    }

    private void History(IReadOnlyList<CleanupLastRun> runs)
    {
        Literal("<h3>"); Text($"History (the newest {CleanupLastRun.KeptRuns} real runs; dry runs are not kept)"); Literal("</h3>");
        if (runs.Count == 0)
        {
            Message("info", "cleanup-no-runs", "It has not run yet.");
            return;
        }
        Literal("<table class=\"table table-condensed\" data-testid=\"cleanup-runs\"><thead><tr>");
        foreach (var heading in new[] { "At", "By", "Outcome", "Examined", "Deleted", "Freed", "Errors" }) { Literal("<th>"); Text(heading); Literal("</th>"); }
        Literal("</tr></thead><tbody>");
        foreach (var run in runs)
        {
            Literal(run.Succeeded ? "<tr data-testid=\"cleanup-history-run\">" : "<tr data-testid=\"cleanup-history-run\" class=\"danger\">");
            Cell("cleanup-run-at", Time(run.At));
            Cell("cleanup-run-by", run.RanBy);
            Literal("<td>"); OutcomeLabel(run); Literal("</td>");
            Cell("cleanup-run-examined", run.FilesExamined.ToString(CultureInfo.InvariantCulture));
            Cell("cleanup-run-deleted", run.FilesDeleted.ToString(CultureInfo.InvariantCulture));
            Cell("cleanup-run-freed", Bytes(run.BytesFreed));
            Literal("<td data-testid=\"cleanup-run-errors\"><small>");
            foreach (var error in run.Errors) { Literal("<div>"); Text(error); Literal("</div>"); }
            Literal("</small></td></tr>");
        }
        Literal("</tbody></table>");
    }

    // A dry run's report (CleanupActionDispatcher): what a run now would delete, nothing deleted.
    private void Preview(CleanupReport? report)
    {
        if (report?.Results is not [var result, ..])
        {
            Message("warning", "cleanup-preview-gone", $"That dry run's report is gone (reports are kept {CleanupPreviews.Kept.TotalMinutes:0} minutes); run it again.");
            return;
        }
        Literal("<div class=\"alert alert-info\" data-testid=\"cleanup-preview\" role=\"status\"><p>");
        Text($"Dry run at {Time(report.RanAt)}: a run now would delete {result.FilesDeleted} of {Count(result.FilesExamined, "file")} " +
            $"({Bytes(result.BytesFreed)}). Nothing was deleted.");
        Literal("</p>");
        if (result.Files.Count > 0)
        {
            Literal("<ul data-testid=\"cleanup-preview-files\">");
            foreach (var file in result.Files) { Literal("<li>"); Text(file); Literal("</li>"); }
            Literal("</ul>");
            if (result.FilesDeleted > result.Files.Count) { Literal("<p>"); Text($"and {result.FilesDeleted - result.Files.Count} more"); Literal("</p>"); }
        }
        foreach (var error in result.Errors) { Literal("<p class=\"text-danger\">"); Text(error); Literal("</p>"); }
        Literal("</div>");
    }

    // Where the actions send the browser back to (CleanupActionDispatcher): fixed words only.
    private void ActionOutcome()
    {
        if (Query("done") == CleanupActionDispatcher.Run)
            Message("success", "cleanup-ran-message", "Ran now; the run heads the history below.");
        if (Query("refused") == CleanupActionDispatcher.NoRoots)
            Message("danger", "cleanup-refused-message", $"Not run: {Api.CleanupApi.NoRoots}.");
    }

    private void Term(string label, string? testId, string value)
    {
        Literal("<dt>"); Text(label); Literal("</dt><dd");
        if (testId is not null) Literal($" data-testid=\"{testId}\"");
        Literal(">"); Text(value); Literal("</dd>");
    }

    private void Cell(string testId, string value)
    {
        Literal($"<td data-testid=\"{testId}\">"); Text(value); Literal("</td>");
    }
}
