using Scheduler.Contracts.Audit;

namespace Scheduler.Dashboard.Pages;

internal abstract partial class OperatorPage
{
    /// <summary>Audit entries as a table: when, who, what, which task (a link), the changed fields and the note.</summary>
    protected void AuditTable(IReadOnlyList<AuditEntry> entries, bool showTask)
    {
        Literal("<table class=\"table table-condensed\" data-testid=\"audit\"><thead><tr>");
        foreach (var heading in showTask ? new[] { "At", "Actor", "Action", "Task", "Changes", "Note" } : ["At", "Actor", "Action", "Changes", "Note"])
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        foreach (var entry in entries)
        {
            Literal("<tr data-testid=\"audit-row\" data-audit-action=\""); Text(entry.Action); Literal("\">");
            Literal("<td style=\"white-space:nowrap\">"); Text(Time(entry.At)); Literal("</td>");
            Literal("<td data-testid=\"audit-actor\">"); Text(entry.Actor ?? "—"); Literal("</td>");
            Literal("<td data-testid=\"audit-action\">"); Text(entry.Action); Literal("</td>");
            if (showTask)
            {
                Literal("<td data-testid=\"audit-task\">");
                if (entry.TaskId is { } id && !entry.Action.StartsWith("cleanup.", StringComparison.Ordinal))
                {
                    Literal("<a href=\""); Text(PageUrl(SchedulerPages.DetailPath(id))); Literal("\">"); Text(id); Literal("</a>");
                }
                else Text(entry.TaskId ?? "—");
                Literal("</td>");
            }
            Literal("<td data-testid=\"audit-changes\"><small>");
            foreach (var change in AuditView.Changes(entry)) { Literal("<div>"); Text(change); Literal("</div>"); }
            Literal("</small></td><td data-testid=\"audit-note\">"); Text(entry.Note); Literal("</td></tr>");
        }
        Literal("</tbody></table>");
    }
}
