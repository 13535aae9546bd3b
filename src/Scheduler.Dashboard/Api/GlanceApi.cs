using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>GET /api/schedules/glance</c>: schedules due within 5 and 60 minutes (overdue included) and failing now (their
/// last run failed). The schedule list loads it after rendering, since counting failures reads every record.
/// </summary>
internal static class GlanceApi
{
    public static RouteGroupBuilder MapGlance(this RouteGroupBuilder api)
    {
        api.MapGet("/schedules/glance", GetAsync).WithSummary("Counts at a glance: due in 5 and 60 minutes, failing now");
        return api;
    }

    private static async Task<IResult> GetAsync(OperatorReads reads, FailingCount failing, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return Results.Ok(new
        {
            dueIn5Minutes = await reads.DueWithinAsync(now, TimeSpan.FromMinutes(5)),
            dueIn60Minutes = await reads.DueWithinAsync(now, TimeSpan.FromMinutes(60)),
            failing = await failing.GetAsync(),
        });
    }
}
