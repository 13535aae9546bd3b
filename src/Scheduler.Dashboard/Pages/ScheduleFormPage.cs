using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Creates a schedule, or with <c>?id=</c> edits one (the script reads it from the API and fills the form; saving
/// PATCHes it, so its id and run history stay). The spec is previewed as it is typed (description and next occurrences
/// from <c>POST /api/schedules/parse</c>), a new one may be created paused, and every problem the API names a field for is shown at that field. The page
/// renders only the empty form; all data goes through the REST API and its access checks.
/// </summary>
internal sealed class ScheduleFormPage() : OperatorPage("Schedule")
{
    /// <summary>The task types the form has fields for; "json" takes any task as JSON (sequences, cleanups…).</summary>
    private static readonly (string Value, string Label)[] Types =
    [
        ("notification", "Notification"), ("shell", "Shell command"), ("mcp_tool", "MCP tool"), ("plugin", "Plugin command"),
        ("sequence", "Sequence (JSON)"), ("json", "Any type as JSON"),
    ];

    protected override void Body()
    {
        var editId = Query("id");
        Literal("<div data-scheduler-api=\""); Text(ApiRoot);
        Literal("\" data-detail-base=\""); Text(PageUrl(SchedulerPages.SchedulesPath + "/")); Literal("\">");
        Literal("<form class=\"form-horizontal\" data-testid=\"schedule-form\" novalidate data-edit-id=\""); Text(editId); Literal("\">");
        // Read-only credentials see the fields, not a form they could only be refused for (the script still fills an edit's).
        var readOnly = ReadOnly;
        if (readOnly) Literal("<fieldset disabled data-testid=\"form-read-only\">");
        Literal("<h3 data-testid=\"form-heading\">"); Text(string.IsNullOrEmpty(editId) ? "New schedule" : $"Edit {editId}"); Literal("</h3>");
        if (string.IsNullOrEmpty(editId)) Field("id", "Id", "input", "optional: letters, digits, . _ -; made from the name when empty");
        Field("name", "Name", "input", "shown in lists");
        Field("description", "Description", "input", null);

        Literal("<fieldset><legend>Task</legend>");
        Literal("<div class=\"form-group\"><label class=\"col-sm-2 control-label\" for=\"f-type\">Type</label><div class=\"col-sm-6\">");
        Literal("<select class=\"form-control\" id=\"f-type\" name=\"type\" data-testid=\"form-type\">");
        foreach (var (value, label) in Types) { Literal("<option value=\""); Text(value); Literal("\">"); Text(label); Literal("</option>"); }
        Literal("</select><p class=\"help-block\" data-testid=\"method-call-note\" hidden>A method call is captured from code; its call is shown, not edited, and saving keeps it.</p>");
        Literal("</div></div>");
        TypeFields("notification", () =>
        {
            Field("task.message", "Message", "textarea", null);
            Field("task.title", "Title", "input", null);
            Choice("task.level", "Level", ["info", "warning", "error"]);
            Field("task.channels", "Channels", "input", "comma-separated: events, log or a configured webhook");
        });
        TypeFields("shell", () =>
        {
            Field("task.command", "Command", "input", "a program name or path");
            Field("task.args", "Arguments", "textarea", "one per line");
            Field("task.workingDirectory", "Working directory", "input", null);
            Literal("<div class=\"form-group\"><div class=\"col-sm-offset-2 col-sm-6\"><label><input type=\"checkbox\" name=\"task.useShell\" data-testid=\"form-task.useShell\"> run through /bin/sh -c</label></div></div>");
        });
        TypeFields("mcp_tool", () =>
        {
            Field("task.serverName", "Server", "input", "a configured MCP server");
            Field("task.toolName", "Tool", "input", null);
            Field("task.arguments", "Arguments", "textarea", "a JSON object, e.g. {\"message\": \"hi\"}", "mcp-arguments");
        });
        TypeFields("plugin", () =>
        {
            Field("task.pluginName", "Plugin", "input", null);
            Field("task.commandName", "Command", "input", null);
            Field("task.arguments", "Arguments", "textarea", "a JSON object of texts, e.g. {\"table\": \"orders\"}", "plugin-arguments");
        });
        TypeFields("json", () => Field("task", "Task JSON", "textarea", "the task as the API takes it, with its \"type\""));
        Literal("</fieldset>");

        Literal("<fieldset><legend>When</legend>");
        Field("spec", "Spec", "input", "e.g. " + string.Join(", ", ScheduleParser.ExampleSpecs));
        Literal("<div class=\"form-group\"><div class=\"col-sm-offset-2 col-sm-6\"><div class=\"well well-sm\" data-testid=\"spec-preview\" hidden>");
        Literal("<strong data-testid=\"spec-description\"></strong><ol data-testid=\"spec-next\" style=\"margin:5px 0 0\"></ol></div></div></div>");
        Field("timeZone", "Time zone", "input", "IANA id, e.g. UTC or Europe/Berlin");
        Literal("<datalist id=\"time-zones\"></datalist>");
        Literal("</fieldset>");

        Literal("<fieldset><legend>Options</legend>");
        Field("maxRuns", "Max runs", "number", "stop after this many runs");
        Field("startAfter", "Start after", "input", "ISO 8601, e.g. 2026-12-01T09:00:00Z");
        Field("endAt", "End at", "input", "ISO 8601; the schedule expires after it");
        Choice("misfire", "Misfire", [.. Enum.GetValues<MisfirePolicy>().Select(Name)]);
        Choice("overlap", "Overlap", [.. Enum.GetValues<OverlapPolicy>().Select(Name)]);
        Field("jitter", "Jitter (s)", "number", "random delay up to this many seconds (at most 3600)");
        Field("queue", "Queue", "input", "Hangfire queue; default when empty");
        Field("tags", "Tags", "input", "comma-separated");
        Literal("</fieldset>");

        Literal("<fieldset><legend>Flow control</legend>");
        Field("concurrency.key", "Concurrency key", "input", "at most the limit below of runs with this key at once, e.g. shell:{workingDirectory}");
        Field("concurrency.limit", "Concurrency limit", "number", null);
        Field("rateLimit.key", "Rate limit key", "input", "at most the count below of starts per period with this key, e.g. mcp:{serverName}");
        Field("rateLimit.count", "Rate limit count", "number", null);
        Field("rateLimit.per", "Rate limit period", "input", "e.g. 1s, 1m, 1h");
        Choice("priority", "Priority", ["normal", "high", "low"]);
        Literal("</fieldset>");
        // Born paused is a creation's choice: an existing task is paused and resumed from its own page.
        if (string.IsNullOrEmpty(editId)) PauseFields();
        Literal("<div class=\"form-group\"><div class=\"col-sm-offset-2 col-sm-6\">");
        Literal("<button type=\"submit\" class=\"btn btn-primary\" data-testid=\"form-save\">Save</button> ");
        Literal("<a class=\"btn btn-link\" href=\""); Text(PageUrl(SchedulerPages.SchedulesPath)); Literal("\">Back to schedules</a>");
        Literal("</div></div>");
        if (readOnly) Literal("</fieldset>");
        Literal("</form></div>");
        Literal("<script>"); Literal(OperatorScript.Form); Literal("</script>");
    }

    /// <summary>Create it paused (REST's <c>"paused"</c>, <c>"pauseNote"</c>, <c>"pauseUntil"</c>): nothing runs until it is resumed, or until the end.</summary>
    private void PauseFields()
    {
        Literal("<fieldset><legend>Pause</legend>");
        Literal("<div class=\"form-group\" data-field-group=\"paused\"><div class=\"col-sm-offset-2 col-sm-6\"><label><input type=\"checkbox\" name=\"paused\" data-testid=\"form-paused\"> "
            + "create it paused: nothing runs until it is resumed (missed runs then follow the misfire policy)</label>"
            + "<p class=\"help-block text-danger\" data-error-for=\"paused\" data-testid=\"error-paused\" hidden></p></div></div>");
        Field("pauseNote", "Pause note", "input", "why it is paused; shown with the task and kept in the audit log");
        Field("pauseUntil", "Paused until", "input", "optional, ISO 8601, e.g. 2026-12-01T09:00:00Z; the pause lifts itself then");
        Literal("</fieldset>");
    }

    private void TypeFields(string type, Action fields)
    {
        Literal($"<div data-type-fields=\"{type}\"");
        if (type != "notification") Literal(" hidden");
        Literal(">"); fields(); Literal("</div>");
    }

    /// <summary>A labelled input with a help text and a place for its error, found by the script through data-field.</summary>
    private void Field(string name, string label, string kind, string? help, string? testId = null)
    {
        var id = "f-" + (testId ?? name.Replace('.', '-'));
        Literal($"<div class=\"form-group\" data-field-group=\"{name}\"><label class=\"col-sm-2 control-label\" for=\"{id}\">"); Text(label);
        Literal("</label><div class=\"col-sm-6\">");
        var attributes = $"class=\"form-control\" id=\"{id}\" name=\"{name}\" data-testid=\"form-{testId ?? name}\"";
        if (kind == "textarea") Literal($"<textarea rows=\"{(name == "task" ? 8 : 3)}\" {attributes}></textarea>");
        else Literal($"<input type=\"{(kind == "number" ? "number" : "text")}\" {attributes}{(name == "timeZone" ? " list=\"time-zones\"" : "")} autocomplete=\"off\">");
        Literal($"<p class=\"help-block text-danger\" data-error-for=\"{name}\" data-testid=\"error-{name}\" hidden></p>");
        if (help is not null) { Literal("<p class=\"help-block\">"); Text(help); Literal("</p>"); }
        Literal("</div></div>");
    }

    private void Choice(string name, string label, string[] values)
    {
        var id = "f-" + name.Replace('.', '-');
        Literal($"<div class=\"form-group\" data-field-group=\"{name}\"><label class=\"col-sm-2 control-label\" for=\"{id}\">"); Text(label);
        Literal($"</label><div class=\"col-sm-6\"><select class=\"form-control\" id=\"{id}\" name=\"{name}\" data-testid=\"form-{name}\">");
        foreach (var value in values) { Literal("<option value=\""); Text(value); Literal("\">"); Text(value); Literal("</option>"); }
        Literal($"</select><p class=\"help-block text-danger\" data-error-for=\"{name}\" data-testid=\"error-{name}\" hidden></p></div></div>");
    }
}
