using Hangfire.Dashboard;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Api;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Run now, Dry run and Delete from the cleanup pages: <c>POST /scheduler/cleanup/{id}/run</c>, <c>…/dry-run</c> and
/// <c>…/delete</c>, form posts
/// with the antiforgery token. A Hangfire dashboard route, so it gets what every dashboard action gets: the gate's
/// authorization (the viewer's credentials are refused), then the antiforgery check. The work is the REST API's
/// (<see cref="CleanupApi"/>): the client acting for the request's actor, so a run is recorded as run by them and a
/// delete is audited under them. It answers with a redirect back to a page that says what came of it (post, redirect,
/// get: a reload does not repeat the action); a dry run's report waits for that page in <see cref="CleanupPreviews"/>.
/// </summary>
internal sealed class CleanupActionDispatcher : IDashboardDispatcher
{
    public const string Run = "run";
    public const string DryRun = "dry-run";
    public const string Delete = "delete";

    /// <summary>The outcome the detail page is sent back with when the dashboard has no allowed roots.</summary>
    public const string NoRoots = "no-roots";

    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            await Results.Problem($"{request.Method} {request.Path} is not answered: a cleanup action is taken by POST, as the Run now, Dry run and Delete buttons "
                    + $"of the cleanup pages send it (or through the REST API, /api/cleanup…)",
                statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed").ExecuteAsync(http);
            return;
        }
        var id = Uri.UnescapeDataString(context.UriMatch.Groups["id"].Value);
        if (!TaskIds.IsValid(id))
        {
            await CleanupApi.BadId(id).ExecuteAsync(http);
            return;
        }
        var client = http.ActingClient();
        var missing = SchedulerPages.CleanupPath + "?missing=" + Uri.EscapeDataString(id);
        var action = context.UriMatch.Groups["action"].Value;
        var roots = CleanupApi.AllowedRoots(http.RequestServices.GetRequiredService<IConfiguration>());
        string target;
        if (action.Equals(Delete, StringComparison.OrdinalIgnoreCase))
            target = await client.RemoveCleanupAsync(id) ? SchedulerPages.CleanupPath + "?removed=" + Uri.EscapeDataString(id) : missing;
        else if (roots.Count == 0)
            target = SchedulerPages.CleanupDetailPath(id) + "?refused=" + NoRoots;
        else if (action.Equals(DryRun, StringComparison.OrdinalIgnoreCase))
            target = await client.RunCleanupAsync(id, dryRun: true, roots, http.RequestAborted) is { } report
                ? SchedulerPages.CleanupDetailPath(id) + "?preview=" + await http.RequestServices.GetRequiredService<CleanupPreviews>().KeepAsync(report)
                : missing;
        else
            target = await client.RunCleanupAsync(id, dryRun: false, roots, http.RequestAborted) is null ? missing
                : SchedulerPages.CleanupDetailPath(id) + "?done=" + Run;
        // 303: the browser follows with a GET, whatever the method that led here.
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = new UrlHelper(context).To(target);
    }
}
