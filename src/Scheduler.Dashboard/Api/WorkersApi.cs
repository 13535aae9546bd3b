using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>GET /api/workers</c>: each live worker and what it runs, as <see cref="SchedulerClient.GetWorkerCapabilitiesAsync"/>
/// returns it (<c>scheduler workers</c> prints the same). <c>/health</c> only names them. <c>GET /api/queues</c>: the
/// queues runs go to and who serves each (<see cref="SchedulerClient.GetQueuesAsync"/>, <c>scheduler queues</c>).
/// </summary>
internal static class WorkersApi
{
    public static RouteGroupBuilder MapWorkers(this RouteGroupBuilder api)
    {
        api.MapGet("/workers", ListAsync).WithSummary("The live workers and what each runs: task types, channels, MCP servers, plugins, shell");
        api.MapGet("/queues", QueuesAsync).WithSummary("The queues runs go to: runs waiting, runs taken by workers, the oldest wait, the live workers serving each");
        return api;
    }

    private static async Task<IResult> ListAsync(SchedulerClient client, CancellationToken aborted) =>
        Results.Ok((await client.GetWorkerCapabilitiesAsync(aborted)).OrderBy(w => w.WorkerId, StringComparer.Ordinal));

    private static async Task<IResult> QueuesAsync(SchedulerClient client, CancellationToken aborted) => Results.Ok(await client.GetQueuesAsync(aborted));
}
