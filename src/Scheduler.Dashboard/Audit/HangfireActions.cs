using System.Text.RegularExpressions;
using Scheduler.Contracts.Audit;

namespace Scheduler.Dashboard.Audit;

/// <summary>
/// Which audit action a POST to Hangfire's dashboard is (its routes as of Hangfire 1.8): the batch commands of the job
/// and recurring-job lists (ids in the form field <c>jobs[]</c>) and the job page's requeue and delete (id in the path).
/// </summary>
internal static partial class HangfireActions
{
    /// <summary>The form field Hangfire's batch commands read their job ids from.</summary>
    public const string JobsField = "jobs[]";

    /// <summary>
    /// The action of <paramref name="route"/> (the path inside the dashboard, e.g. "/jobs/failed/requeue"), the job id
    /// it names in its path, if any, and whether its ids come from <see cref="JobsField"/>; null for Hangfire's reads
    /// (the "/stats" POST its pages poll).
    /// </summary>
    public static (string Action, string? PathJobId, bool IdsInForm)? Of(string route)
    {
        // Read the route as Hangfire's router does (case-insensitive, trailing slashes dropped): "/JOBS/Actions/Requeue/5/"
        // requeues job 5, and must not be recorded as an unnamed action without its job.
        if (route.Length > 1) route = route.TrimEnd('/');
        if (route.Equals("/stats", StringComparison.OrdinalIgnoreCase)) return null;
        // Our own pages' actions (the cleanup pages' forms) act through the client, which audits them under the actor.
        if (route.StartsWith(Pages.SchedulerPages.CleanupPath + "/", StringComparison.OrdinalIgnoreCase)) return null;
        if (SingleJob().Match(route) is { Success: true } single)
            return (Is(single, "delete") ? AuditActions.JobDelete : AuditActions.JobRequeue, single.Groups["id"].Value, false);
        if (JobBatch().Match(route) is { Success: true } batch)
            return (Is(batch, "delete") ? AuditActions.JobDelete : AuditActions.JobRequeue, null, true);
        if (RecurringBatch().Match(route) is { Success: true } recurring)
            return (Is(recurring, "remove") ? AuditActions.RecurringRemove : AuditActions.RecurringTrigger, null, true);
        return (AuditActions.HangfireAction, null, true);
    }

    private static bool Is(Match match, string verb) => match.Groups["verb"].Value.Equals(verb, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^/jobs/actions/(?<verb>requeue|delete)/(?<id>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SingleJob();

    [GeneratedRegex("^/jobs/(?:enqueued|processing|scheduled|succeeded|failed|deleted|awaiting)/(?<verb>delete|requeue|enqueue)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JobBatch();

    [GeneratedRegex("^/recurring/(?<verb>remove|trigger)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecurringBatch();
}
