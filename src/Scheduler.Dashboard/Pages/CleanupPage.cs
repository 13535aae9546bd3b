using System.Globalization;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Every cleanup registration (the same list as <c>GET /api/cleanup</c> and <c>scheduler cleanup list</c>, in
/// registration order): what it cleans, its priority, when it runs next, how its last run went, and Run now. Each id
/// links to the registration's page, with its history and Delete.
/// </summary>
internal sealed class CleanupPage() : CleanupPageBase("Cleanups")
{
    protected override void Body()
    {
        var client = Service<SchedulerClient>();
        var now = Service<TimeProvider>().GetUtcNow();
        ActionOutcome(client);
        var registrations = Await(client.ListCleanupsAsync());
        Literal("<p class=\"text-muted\">");
        Text("Registrations delete the files in a directory that match a pattern and break a policy. Workers run each by itself on its interval; "
            + "when several run together, the higher priority runs first.");
        Literal("</p>");
        NewLink();
        var canRun = CanRun;
        if (!canRun) NoRootsNotice();
        if (registrations.Count == 0)
        {
            Message("info", "cleanup-none", "No cleanup registrations. Register one with New registration above, scheduler cleanup register, or POST /api/cleanup.");
            return;
        }
        var due = Await(client.GetCleanupDueTimesAsync([.. registrations.Select(r => r.Id)]));
        Literal("<table class=\"table table-condensed\" data-testid=\"cleanup-table\"><thead><tr>");
        foreach (var heading in new[] { "Id", "Cleans", "Priority", "Runs", "Last run", "" }) { Literal("<th>"); Text(heading); Literal("</th>"); }
        Literal("</tr></thead><tbody>");
        foreach (var registration in registrations) Row(registration, due.TryGetValue(registration.Id, out var at) ? at : null, now, canRun);
        Literal("</tbody></table>");
    }

    private void Row(CleanupRegistration registration, DateTimeOffset? due, DateTimeOffset now, bool canRun)
    {
        var lastRun = registration.LastRun;
        Literal("<tr data-testid=\"cleanup-row\" data-id=\""); Text(registration.Id);
        Literal(lastRun is { Succeeded: false } ? "\" class=\"danger\">" : "\">");
        Literal("<td data-testid=\"cleanup-id\">"); DetailLink(registration.Id);
        if (registration.ModuleId is { } module) { Literal("<br><small class=\"text-muted\" data-testid=\"cleanup-module\">"); Text($"module {module}"); Literal("</small>"); }
        if (registration.Description is { } description) { Literal("<br><small data-testid=\"cleanup-description\">"); Text(description); Literal("</small>"); }
        Literal("</td><td data-testid=\"cleanup-cleans\"><code data-testid=\"cleanup-directory\">"); Text(registration.Directory);
        Literal("</code> <code data-testid=\"cleanup-pattern\">"); Text(registration.Pattern);
        Literal("</code><br><small data-testid=\"cleanup-policies\">"); Text(Policies(registration)); Literal("</small></td>");
        Literal("<td data-testid=\"cleanup-priority\">"); Text(registration.Priority.ToString(CultureInfo.InvariantCulture)); Literal("</td>");
        Literal("<td data-testid=\"cleanup-schedule\">"); Text(Schedule(registration, due, now)); Literal("</td>");
        Literal("<td data-testid=\"cleanup-last-run\">");
        if (lastRun is null) Text("never");
        else
        {
            Text(Time(lastRun.At)); Literal(" "); OutcomeLabel(lastRun);
            Literal("<br><small data-testid=\"cleanup-removed\">"); Text($"{Removed(lastRun)}, by {lastRun.RanBy}"); Literal("</small>");
        }
        Literal("</td><td style=\"white-space:nowrap\">");
        if (canRun)
        {
            ActionForm(registration.Id, CleanupActionDispatcher.Run, "Run now", "primary");
            ActionForm(registration.Id, CleanupActionDispatcher.DryRun, "Dry run", "default");
        }
        Literal("</td></tr>");
    }

    private void NewLink()
    {
        Literal("<p><a class=\"btn btn-success btn-sm\" data-cleanup-action=\"new\" data-testid=\"cleanup-new\" href=\"");
        Text(PageUrl(SchedulerPages.CleanupFormPath)); Literal("\">New registration</a></p>");
    }

    // Where the actions send the browser back to (CleanupActionDispatcher): fixed words, the id encoded as any value.
    private void ActionOutcome(SchedulerClient client)
    {
        if (Query("removed") is { } removed && TaskIds.IsValid(removed) && Await(client.GetCleanupAsync(removed)) is null)
            Message("success", "cleanup-removed-message", $"Deleted cleanup registration {removed} and its history; no file was touched.");
        if (Query("missing") is { Length: > 0 } missing)
            Message("warning", "cleanup-missing-message", $"No cleanup registration with id \"{TaskIds.Shown(missing)}\": nothing was run or deleted.");
    }
}
