using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Api;

/// <summary><c>GET /api/audit</c>: the audit log, newest first, filtered and paged by a cursor.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ReadAsync)
            .WithSummary("The audit log, newest first: {entries: [{id, at, actor, action, taskId, before, after, note}], next}; pass next as after= for older entries");
        return api;
    }

    private static async Task<IResult> ReadAsync(SchedulerClient client, string? taskId, string? actor, string? action,
        DateTimeOffset? from, DateTimeOffset? to, int? limit, string? after)
    {
        var filter = new AuditFilter
        {
            TaskId = Blank(taskId), Actor = Blank(actor), Action = Blank(action), From = from, To = to, Limit = limit ?? 50, After = Blank(after),
        };
        if (filter.Problem() is { } problem) throw new ApiInputException(problem);
        var page = await client.GetAuditAsync(filter);
        return Results.Ok(page with { Entries = [.. page.Entries.Select(Security.ViewerRedaction.Redacted)] });
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
