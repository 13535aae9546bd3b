using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>GET /api/flow</c>: what the Flow control page shows, as JSON: every concurrency key and rate budget set with
/// what holds and waits on it now, the runs waiting at the gate, the debounced one-shots, the runs queued behind a
/// running one (<see cref="FlowOverview"/>). Read-only.
/// </summary>
internal static class FlowApi
{
    public static RouteGroupBuilder MapFlow(this RouteGroupBuilder api)
    {
        api.MapGet("/flow", GetAsync).WithSummary("Every concurrency key and rate budget set, with the runs holding and waiting on each now, the runs waiting at the gate, debounced one-shots and queued runs");
        return api;
    }

    private static async Task<IResult> GetAsync(SchedulerClient client, TimeProvider time) =>
        Results.Ok((await client.GetFlowOverviewAsync(time.GetUtcNow())).ToDocument());
}
