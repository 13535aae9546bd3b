namespace Scheduler.Contracts.Flow;

/// <summary>The overview as JSON shows it: one document, so REST's <c>GET /api/flow</c> and <c>scheduler flow --json</c> agree field for field.</summary>
internal sealed partial record FlowOverview
{
    /// <summary>The document to serialize (camelCase enums, as both surfaces' JSON options write them).</summary>
    public object ToDocument() => new
    {
        at = At,
        concurrency = Concurrency.Select(l => new
        {
            key = l.Key, limit = l.Limit, full = l.Full, waiting = l.Waiting,
            holding = l.Holding.Select(h => new { runId = h.RunId, leaseEnds = h.LeaseEnds }),
            tasks = l.Tasks.Select(TaskDocument),
        }),
        rates = Rates.Select(l => new
        {
            key = l.Key, count = l.Count, per = FlowDuration.Format(l.Per), started = l.Started, waiting = l.Waiting,
            nextStartAt = l.NextStartAt, tasks = l.Tasks.Select(TaskDocument),
        }),
        waiters = Waiters.Select(w => new
        {
            runId = w.RunId, taskId = w.TaskId, since = w.Since, lastSeen = w.Seen, concurrencyKey = w.ConcurrencyKey,
            waitingFor = w.WaitingFor, turnAt = w.TurnAt,
        }),
        debounces = Debounces.Select(d => new { key = d.Key, window = FlowDuration.Format(d.Window), taskId = d.TaskId, dueAt = d.DueAt }),
        queued = Queued.Select(q => new { taskId = q.TaskId, status = q.Status, runs = q.Queued }),
        unresolved = Unresolved.Select(u => new { taskId = u.TaskId, problem = u.Problem }),
    };

    private static object TaskDocument(TaskLimit t) => new { id = t.TaskId, name = t.Name, status = t.Status, limit = t.Limit };
}
