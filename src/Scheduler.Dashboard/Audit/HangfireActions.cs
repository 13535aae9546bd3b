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
        if (route.Equals("/stats", StringComparison.OrdinalIgnoreCase)) return null;
        if (SingleJob().Match(route) is { Success: true } single)
            return (single.Groups["verb"].Value == "delete" ? AuditActions.JobDelete : AuditActions.JobRequeue, single.Groups["id"].Value, false);
        if (JobBatch().Match(route) is { Success: true } batch)
            return (batch.Groups["verb"].Value == "delete" ? AuditActions.JobDelete : AuditActions.JobRequeue, null, true);
        if (RecurringBatch().Match(route) is { Success: true } recurring)
            return (recurring.Groups["verb"].Value == "remove" ? AuditActions.RecurringRemove : AuditActions.RecurringTrigger, null, true);
        return (AuditActions.HangfireAction, null, true);
    }

    [GeneratedRegex("^/jobs/actions/(?<verb>requeue|delete)/(?<id>.+)$")]
    private static partial Regex SingleJob();

    [GeneratedRegex("^/jobs/(?:enqueued|processing|scheduled|succeeded|failed|deleted|awaiting)/(?<verb>delete|requeue|enqueue)$")]
    private static partial Regex JobBatch();

    [GeneratedRegex("^/recurring/(?<verb>remove|trigger)$")]
    private static partial Regex RecurringBatch();
}
