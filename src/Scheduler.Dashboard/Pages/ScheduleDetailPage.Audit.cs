using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Pages;

/// <remarks>The task's recent changes from the audit log (who, when, what), with a link to its full audit log.</remarks>
internal sealed partial class ScheduleDetailPage
{
    private const int AuditLimit = 20;

    private void AuditHistory(string taskId)
    {
        var page = Await(Service<SchedulerClient>().GetAuditAsync(new AuditFilter { TaskId = taskId, Limit = AuditLimit }));
        Literal("<h3>Change history</h3>");
        if (page.Entries.Count == 0)
        {
            Literal("<p class=\"text-muted\" data-testid=\"no-changes\">No recorded changes.</p>");
            return;
        }
        AuditTable(page.Entries, showTask: false);
        Literal("<p><a data-testid=\"task-audit-link\" href=\"");
        Text(PageUrl(SchedulerPages.AuditPath + "?taskId=" + Uri.EscapeDataString(taskId))); Literal("\">Full audit log of this task</a></p>");
    }
}
