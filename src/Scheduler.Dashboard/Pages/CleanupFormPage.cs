using Scheduler.Contracts.Housekeeping;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Registers a cleanup, or with <c>?id=</c> changes one (the script reads it from the API and fills the form; saving
/// PUTs every field, so a policy left empty is removed, as <c>PUT /api/cleanup/{id}</c> does). Every problem the API
/// names a field for is shown at that field. The page renders only the empty form; all data goes through the REST API
/// and its access checks; for the viewer's read-only credentials every field is disabled.
/// </summary>
internal sealed class CleanupFormPage() : OperatorPage("Cleanup")
{
    protected override void Body()
    {
        var editId = Query("id");
        if (Api.CleanupApi.AllowedRoots(Service<IConfiguration>()).Count == 0)
        {
            Literal("<p class=\"alert alert-warning\" data-testid=\"cleanup-no-roots\">");
            Text($"Saving is refused here: {Api.CleanupApi.NoRoots}."); Literal("</p>");
        }
        Literal("<div data-scheduler-api=\""); Text(ApiRoot);
        Literal("\" data-detail-base=\""); Text(PageUrl(SchedulerPages.CleanupPath + "/")); Literal("\">");
        Literal("<form class=\"form-horizontal\" data-testid=\"cleanup-form\" novalidate data-edit-id=\""); Text(editId); Literal("\">");
        // Read-only credentials see the fields, not a form they could only be refused for (the script still fills an edit's).
        var readOnly = ReadOnly;
        if (readOnly) Literal("<fieldset disabled data-testid=\"form-read-only\">");
        Literal("<h3 data-testid=\"form-heading\">"); Text(string.IsNullOrEmpty(editId) ? "New cleanup registration" : $"Edit {editId}"); Literal("</h3>");
        Literal("<p class=\"text-muted\">");
        Text("Deletes the regular files directly in the directory whose names match the pattern, whenever any policy is broken; "
            + "at least one policy is needed. The directory must lie under the allowed roots of this dashboard and of a worker.");
        Literal("</p><fieldset><legend>What</legend>");
        Field("directory", "Directory", "an absolute path, e.g. /var/log/myapp");
        Field("pattern", "Pattern", "a file name pattern with * and ?, e.g. *.log");
        Literal("</fieldset><fieldset><legend>Policies</legend>");
        Field("retentionDays", "Older than (days)", "delete files last written more than this many days ago (0 or more)", number: true);
        Field("maxFiles", "Keep newest", "keep only the newest this many files (1 or more)", number: true);
        Field("maxSizeMb", "Size cap (MB)", "the files may take at most this many megabytes together; the oldest go first", number: true);
        Literal("</fieldset><fieldset><legend>When and who</legend>");
        Field("interval", "Interval", $"how often a worker runs it by itself, e.g. 30m, 6h, 1d ({Span(CleanupInterval.Min)} to {Span(CleanupInterval.Max)}); hourly when empty");
        Field("priority", "Priority", $"higher runs first among registrations run together ({CleanupPriority.Min} to {CleanupPriority.Max}); 0 when empty", number: true);
        Field("description", "Description", null);
        Field("moduleId", "Module", "owning module, for grouping and filtering");
        Literal("</fieldset><div class=\"form-group\"><div class=\"col-sm-offset-2 col-sm-6\">");
        Literal("<button type=\"submit\" class=\"btn btn-primary\" data-testid=\"form-save\">Save</button> ");
        Literal("<a class=\"btn btn-link\" href=\""); Text(PageUrl(SchedulerPages.CleanupPath)); Literal("\">Back to cleanups</a>");
        Literal("</div></div>");
        if (readOnly) Literal("</fieldset>");
        Literal("</form></div>");
        Literal("<script>"); Literal(OperatorScript.CleanupForm); Literal("</script>");
    }

    /// <summary>A labelled input with a help text and a place for its error, found by the script through its name.</summary>
    private void Field(string name, string label, string? help, bool number = false)
    {
        var id = "f-" + name;
        Literal($"<div class=\"form-group\" data-field-group=\"{name}\"><label class=\"col-sm-2 control-label\" for=\"{id}\">"); Text(label);
        // Text with a numeric keyboard rather than type=number, which reads as empty when it holds no number: what was
        // typed reaches the API, which names the field.
        Literal($"</label><div class=\"col-sm-6\"><input type=\"text\"{(number ? " inputmode=\"decimal\"" : "")} class=\"form-control\" id=\"{id}\" ");
        Literal($"name=\"{name}\" data-testid=\"form-{name}\" autocomplete=\"off\">");
        Literal($"<p class=\"help-block text-danger\" data-error-for=\"{name}\" data-testid=\"error-{name}\" hidden></p>");
        if (help is not null) { Literal("<p class=\"help-block\">"); Text(help); Literal("</p>"); }
        Literal("</div></div>");
    }
}
