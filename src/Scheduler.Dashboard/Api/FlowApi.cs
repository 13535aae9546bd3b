using Scheduler.Contracts.Flow;
using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>GET /api/flow</c>: what the Flow control page shows, as JSON: every concurrency key and rate budget set with
/// what holds and waits on it now, the runs waiting at the gate, the debounced one-shots, the runs queued behind a
/// running one (<see cref="OperatorReads.FlowOverviewAsync"/>). Read-only.
/// </summary>
internal static class FlowApi
{
    public static RouteGroupBuilder MapFlow(this RouteGroupBuilder api)
    {
        api.MapGet("/flow", GetAsync).WithSummary("Every concurrency key and rate budget set, with the runs holding and waiting on each now, the runs waiting at the gate, debounced one-shots and queued runs");
        return api;
    }

    private static async Task<IResult> GetAsync(OperatorReads reads, TimeProvider time)
    {
        var flow = await reads.FlowOverviewAsync(time.GetUtcNow());
        return Results.Ok(new
        {
            at = flow.At,
            concurrency = flow.Concurrency.Select(l => new
            {
                key = l.Key, limit = l.Limit, full = l.Full, waiting = l.Waiting,
                holding = l.Holding.Select(h => new { runId = h.RunId, leaseEnds = h.LeaseEnds }),
                tasks = l.Tasks.Select(Task),
            }),
            rates = flow.Rates.Select(l => new
            {
                key = l.Key, count = l.Count, per = FlowDuration.Format(l.Per), started = l.Started, waiting = l.Waiting,
                nextStartAt = l.NextStartAt, tasks = l.Tasks.Select(Task),
            }),
            waiters = flow.Waiters.Select(w => new
            {
                runId = w.RunId, taskId = w.TaskId, since = w.Since, lastSeen = w.Seen, concurrencyKey = w.ConcurrencyKey,
                waitingFor = w.WaitingFor, turnAt = w.TurnAt,
            }),
            debounces = flow.Debounces.Select(d => new { key = d.Key, window = FlowDuration.Format(d.Window), taskId = d.TaskId, dueAt = d.DueAt }),
            queued = flow.Queued.Select(q => new { taskId = q.TaskId, status = q.Status, runs = q.Queued }),
            unresolved = flow.Unresolved.Select(u => new { taskId = u.TaskId, problem = u.Problem }),
        });
    }

    private static object Task(FlowOverview.TaskLimit t) => new { id = t.TaskId, name = t.Name, status = t.Status, limit = t.Limit };
}
