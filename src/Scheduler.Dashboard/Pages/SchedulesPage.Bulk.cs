using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Pages;

/// <remarks>
/// Bulk actions: a checkbox per row and one for the page, "select all matching the filter", and pause, resume and
/// cancel for the selection (operator-actions.js). Checked rows are changed one by one through the task endpoints; all
/// matching goes through <c>POST /api/schedules/{pause|resume|cancel}</c> with the page's own filter, so tasks beyond
/// the rows shown are included.
/// </remarks>
internal sealed partial class SchedulesPage
{
    private void BulkBar(ScheduleFilter filter, long total)
    {
        Literal("<div class=\"well well-sm form-inline\" data-testid=\"bulk-bar\" data-matching=\"");
        Text(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Literal("\" data-filter-query=\""); Text(FilterQuery(filter)); Literal("\">");
        Literal("<span data-testid=\"bulk-count\">0 selected</span> ");
        // The bulk endpoints take the list filters, not the search or the last-outcome filter: with those, only checked
        // rows are acted on, so "all matching" never reaches tasks the page does not match.
        if (filter.Query is null && filter.LastOutcome is null)
            Literal("<button type=\"button\" class=\"btn btn-link btn-xs\" data-testid=\"select-matching\">Select all matching the filter</button> ");
        foreach (var (action, label, style) in new[] { ("pause", "Pause selected", "default"), ("resume", "Resume selected", "default"), ("cancel", "Cancel selected", "danger") })
        {
            Literal($"<button type=\"button\" class=\"btn btn-xs btn-{style}\" data-bulk=\"{action}\" data-testid=\"bulk-{action}\" disabled>");
            Text(label); Literal("</button> ");
        }
        Literal("<span class=\"text-info\" data-testid=\"bulk-result\" role=\"status\"></span></div>");
    }

    private void SelectHeading() =>
        Literal("<th><input type=\"checkbox\" data-testid=\"select-page\" title=\"Select every row shown\" aria-label=\"Select every row shown\"></th>");

    private void SelectCell(string id)
    {
        Literal("<td><input type=\"checkbox\" data-testid=\"select-row\" aria-label=\"Select\" data-id=\""); Text(id); Literal("\"></td>");
    }

    // Shown under the name while the task is paused; the script rewrites it (data-field="pause") as events arrive.
    private void PauseLine(ScheduledTask task)
    {
        Literal("<div class=\"text-warning small\" data-testid=\"schedule-pause\" data-field=\"pause\">");
        Text(task.Pause?.ToString()); Literal("</div>");
    }

    // The list filters as GET /api/schedules (and the bulk endpoints) spell them.
    private static string FilterQuery(ScheduleFilter filter)
    {
        var parts = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}"); }
        Add("status", filter.Status is { } s ? Name(s) : null);
        Add("type", filter.TaskType);
        Add("tag", filter.Tag);
        Add("module", filter.ModuleId);
        Add("name", filter.NameContains);
        Add("recurring", filter.Recurring is { } r ? (r ? "true" : "false") : null);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
