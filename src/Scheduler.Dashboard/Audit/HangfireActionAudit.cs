using Microsoft.Extensions.Options;
using Scheduler.Contracts.Audit;
using Scheduler.Dashboard.Pages;
using Scheduler.Dashboard.Security;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Audit;

/// <summary>
/// Records Hangfire's dashboard actions (delete, requeue, trigger, remove) in the audit log under the request's actor,
/// as the REST API's changes are. Sits in front of Hangfire's dashboard; only a POST Hangfire answered with success is
/// recorded, after Hangfire made the change and before the answer leaves, so a client that sees it can read the entry.
/// Jobs that are occurrences of Scheduler tasks are recorded under their task, with their run ids (one entry per task),
/// so the task's own audit log shows them; other jobs (and recurring-job ids) are recorded by id alone. Deleting an
/// occurrence's job here is how a Hangfire user stops it: its run is stopped as <c>SchedulerClient.StopRunsAsync</c>
/// stops one, and never re-queued by Beat's reconciler.
/// </summary>
internal sealed partial class HangfireActionAudit(RequestDelegate next, IConnectionMultiplexer redis, IOptions<SchedulerRedisOptions> options,
    ILogger<HangfireActionAudit> logger)
{
    private readonly HangfireKeys _keys = new(options.Value.HangfirePrefix);

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!HttpMethods.IsPost(context.Request.Method) || context.Response.StatusCode is < 200 or > 299) return;
        var path = context.Request.Path.Value ?? "";
        var route = path.StartsWith(SchedulerPages.HangfirePath + "/", StringComparison.OrdinalIgnoreCase) ? path[SchedulerPages.HangfirePath.Length..] : path;
        if (HangfireActions.Of(route) is not { } action) return;
        try
        {
            var jobIds = action.PathJobId is { } id ? [id] : await FormJobIdsAsync(context.Request, action.IdsInForm);
            var client = context.ActingClient();
            // Recurring-job ids name no job: Scheduler's tasks are never Hangfire recurring jobs.
            IReadOnlyList<JobTasks.Group> groups = action.Action is AuditActions.RecurringRemove or AuditActions.RecurringTrigger
                ? [new JobTasks.Group(null, jobIds, [])]
                : await JobTasks.OfAsync(redis.GetDatabase(), _keys, jobIds);
            foreach (var group in groups)
                await client.RecordAuditAsync(action.Action, group.TaskId, null,
                    group.TaskId is null ? new { jobIds = group.JobIds } : new { jobIds = group.JobIds, runIds = group.RunIds },
                    $"Hangfire dashboard: POST {path}");
            // An occurrence job deleted here stops its run (a requeue takes the stop back): the worker running it stops
            // it, and the reconciler records one not started as cancelled instead of re-queueing the deleted job.
            if (action.Action is AuditActions.JobDelete or AuditActions.JobRequeue)
                await client.MarkJobRunsAsync([.. groups.Where(g => g.TaskId is not null).SelectMany(g => g.RunIds)], stop: action.Action == AuditActions.JobDelete);
        }
        // The change is made: like the client's own changes, one whose audit write fails is not undone, but it is logged.
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotRecorded(logger, action.Action, path, Actors.Of(context), e);
        }
    }

    // Hangfire has read the form through ASP.NET's form feature, which keeps it: this read does not touch the body again.
    private static async Task<string[]> FormJobIdsAsync(HttpRequest request, bool idsInForm)
    {
        if (!idsInForm || !request.HasFormContentType) return [];
        var form = await request.ReadFormAsync();
        return [.. form[HangfireActions.JobsField].OfType<string>()];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hangfire dashboard action {Action} ({Path}) by {Actor} was made but not recorded in the audit log")]
    private static partial void LogNotRecorded(ILogger logger, string action, string path, string actor, Exception exception);
}
