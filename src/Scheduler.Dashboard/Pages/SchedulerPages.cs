using Hangfire.Dashboard;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Adds the operator pages (schedules, one schedule, one run, live events, failed runs, audit log, workers, flow control, cleanups) to Hangfire's dashboard and its navigation bar.
/// Hangfire keeps routes and menu items in process-wide lists, so registration happens once per process no matter
/// how many dashboards (or test hosts) start.
/// </summary>
public static class SchedulerPages
{
    /// <summary>Where the schedule list lives inside the dashboard.</summary>
    public const string SchedulesPath = "/scheduler/schedules";

    /// <summary>Where the form that creates a schedule (or, with <c>?id=</c>, edits one) lives inside the dashboard.</summary>
    public const string FormPath = "/scheduler/schedule-form";

    /// <summary>Where the live event feed lives inside the dashboard.</summary>
    public const string EventsPath = "/scheduler/events";

    /// <summary>Where the failed runs across all schedules live inside the dashboard.</summary>
    public const string FailedRunsPath = "/scheduler/failed";

    /// <summary>Where the audit log lives inside the dashboard.</summary>
    public const string AuditPath = "/scheduler/audit";

    /// <summary>Where one run, read by its id, lives inside the dashboard (<c>/scheduler/runs/{runId}</c>).</summary>
    public const string RunsPath = "/scheduler/runs";

    /// <summary>Where the live workers, the queues and the runs in progress across all tasks live inside the dashboard.</summary>
    public const string WorkersPath = "/scheduler/workers";

    /// <summary>Where every flow limit set, and the runs it holds back now, live inside the dashboard.</summary>
    public const string FlowPath = "/scheduler/flow";

    /// <summary>
    /// Where the cleanup registrations live inside the dashboard; one is at <c>/scheduler/cleanup/{id}</c>, its actions
    /// (form posts) at <c>/scheduler/cleanup/{id}/run</c> and <c>…/delete</c>.
    /// </summary>
    public const string CleanupPath = "/scheduler/cleanup";

    /// <summary>Where the form that registers a cleanup (or, with <c>?id=</c>, changes one) lives inside the dashboard.</summary>
    public const string CleanupFormPath = "/scheduler/cleanup-form";

    /// <summary>The second mount of Hangfire's dashboard; the REST API is always at the application root.</summary>
    internal const string HangfirePath = "/hangfire";

    private static int _registered;

    /// <summary>Registers the pages and menu items; later calls do nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        DashboardRoutes.Routes.AddRazorPage(SchedulesPath, _ => new SchedulesPage());
        DashboardRoutes.Routes.AddRazorPage(SchedulesPath + "/(?<id>[^/]+)", match => new ScheduleDetailPage(match.Groups["id"].Value));
        DashboardRoutes.Routes.AddRazorPage(RunsPath + "/(?<runId>[^/]+)", match => new RunPage(Uri.UnescapeDataString(match.Groups["runId"].Value)));
        DashboardRoutes.Routes.AddRazorPage(EventsPath, _ => new EventsPage());
        DashboardRoutes.Routes.AddRazorPage(FailedRunsPath, _ => new FailedRunsPage());
        DashboardRoutes.Routes.AddRazorPage(FormPath, _ => new ScheduleFormPage());
        DashboardRoutes.Routes.AddRazorPage(AuditPath, _ => new AuditLogPage());
        DashboardRoutes.Routes.AddRazorPage(WorkersPath, _ => new WorkersPage());
        DashboardRoutes.Routes.AddRazorPage(FlowPath, _ => new FlowPage());
        DashboardRoutes.Routes.AddRazorPage(CleanupPath, _ => new CleanupPage());
        DashboardRoutes.Routes.AddRazorPage(CleanupFormPath, _ => new CleanupFormPage());
        DashboardRoutes.Routes.AddRazorPage(CleanupPath + "/(?<id>[^/]+)", match => new CleanupDetailPage(Uri.UnescapeDataString(match.Groups["id"].Value)));
        DashboardRoutes.Routes.Add(CleanupPath + $"/(?<id>[^/]+)/(?<action>{CleanupActionDispatcher.Run}|{CleanupActionDispatcher.DryRun}|{CleanupActionDispatcher.Delete})", new CleanupActionDispatcher());
        NavigationMenu.Items.Add(page => new MenuItem("Schedules", page.Url.To(SchedulesPath))
        {
            Active = page.RequestPath.StartsWith(SchedulesPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Live events", page.Url.To(EventsPath))
        {
            Active = page.RequestPath.StartsWith(EventsPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Failed runs", page.Url.To(FailedRunsPath))
        {
            Active = page.RequestPath.StartsWith(FailedRunsPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Audit log", page.Url.To(AuditPath))
        {
            Active = page.RequestPath.StartsWith(AuditPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Workers", page.Url.To(WorkersPath))
        {
            Active = page.RequestPath.StartsWith(WorkersPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Flow control", page.Url.To(FlowPath))
        {
            Active = page.RequestPath.StartsWith(FlowPath, StringComparison.Ordinal),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Cleanups", page.Url.To(CleanupPath))
        {
            Active = page.RequestPath.StartsWith(CleanupPath, StringComparison.Ordinal),
        });
    }

    internal static string DetailPath(string id) => $"{SchedulesPath}/{Uri.EscapeDataString(id)}";

    internal static string CleanupDetailPath(string id) => $"{CleanupPath}/{Uri.EscapeDataString(id)}";

    internal static string CleanupActionPath(string id, string action) => $"{CleanupDetailPath(id)}/{action}";

    internal static string RunPath(string runId) => $"{RunsPath}/{Uri.EscapeDataString(runId)}";

    /// <summary>The element id of a run's newest attempt on its task's page: ids and run ids hold no space, so it is valid as is.</summary>
    internal static string RunAnchor(string runId) => "run-" + runId;
}
