using System.Globalization;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// The audit log: who changed which task, when, and what changed, newest first; filters by task, actor, action and
/// time range (a plain GET form, so a filtered view is a shareable URL), and "Older" pages by the log's own cursor.
/// </summary>
internal sealed class AuditLogPage() : OperatorPage("Audit log")
{
    private const int PageSize = 100;

    protected override void Body()
    {
        var (taskId, actor, action, from, to, after) = (Query("taskId"), Query("actor"), Query("action"), Query("from"), Query("to"), Query("after"));
        var problems = new List<string>();
        var filter = new AuditFilter
        {
            TaskId = Blank(taskId), Actor = Blank(actor), Action = Blank(action), Limit = PageSize, After = Blank(after),
            From = Instant(from, "from", problems), To = Instant(to, "to", problems),
        };
        if (filter.Problem() is { } problem) problems.Add(problem);
        Literal("<div data-scheduler-api=\""); Text(ApiRoot); Literal("\">");
        Filters(taskId, actor, action, from, to);
        if (problems.Count > 0)
        {
            Literal("<p class=\"alert alert-warning\" data-testid=\"audit-problem\">"); Text(string.Join("; ", problems)); Literal("</p></div>");
            return;
        }
        var page = Await(Service<SchedulerClient>().GetAuditAsync(filter));
        if (page.Entries.Count == 0) Literal("<p class=\"alert alert-info\" data-testid=\"no-audit\">No recorded changes match.</p>");
        else AuditTable(page.Entries, showTask: true);
        if (page.Next is { } next)
        {
            var query = string.Join('&', new[] { ("taskId", taskId), ("actor", actor), ("action", action), ("from", from), ("to", to), ("after", next) }
                .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            Literal("<p><a class=\"btn btn-default\" data-testid=\"audit-older\" href=\""); Text(PageUrl(SchedulerPages.AuditPath) + "?" + query);
            Literal("\">Older →</a></p>");
        }
        Literal("</div>");
    }

    private void Filters(string? taskId, string? actor, string? action, string? from, string? to)
    {
        Literal("<form method=\"get\" class=\"form-inline\" style=\"margin-bottom:15px\" data-testid=\"audit-filters\" action=\"");
        Text(PageUrl(SchedulerPages.AuditPath)); Literal("\">");
        Input("taskId", "Task id", taskId);
        Input("actor", "Actor", actor);
        Literal("<select class=\"form-control\" name=\"action\" data-testid=\"audit-filter-action\"><option value=\"\">Any action</option>");
        foreach (var name in AuditActions.All)
        {
            Literal("<option value=\""); Text(name); Literal("\"");
            if (string.Equals(name, action, StringComparison.OrdinalIgnoreCase)) Literal(" selected");
            Literal(">"); Text(name); Literal("</option>");
        }
        Literal("</select> ");
        Input("from", "From (UTC, 2026-11-30 08:00)", from);
        Input("to", "To (UTC)", to);
        Literal(" <button type=\"submit\" class=\"btn btn-default\" data-testid=\"audit-filter-apply\">Filter</button>");
        Literal(" <a class=\"btn btn-link\" href=\""); Text(PageUrl(SchedulerPages.AuditPath)); Literal("\">Clear</a></form>");
    }

    private void Input(string field, string placeholder, string? value)
    {
        Literal($"<input class=\"form-control\" name=\"{field}\" data-testid=\"audit-filter-{field}\" placeholder=\"");
        Text(placeholder); Literal("\" value=\""); Text(value); Literal("\"> ");
    }

    // A time without an offset is UTC, as every time on these pages is shown.
    private static DateTimeOffset? Instant(string? text, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return at;
        problems.Add($"{name} {Api.Echo.Quoted(text)} is not a date and time; expected e.g. 2026-11-30 08:00 (UTC) or 2026-11-30T08:00:00+01:00");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
