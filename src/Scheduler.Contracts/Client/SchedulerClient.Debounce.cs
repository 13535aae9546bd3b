using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Writes a debounced one-shot: due no sooner than the window after now; the create script either stores it under
    /// the debounce key or answers with the pending task that holds the key, which is then replaced while still pending
    /// (Beat may fire it between the two calls: the script sees that and the request creates anew). A few rounds at most.
    /// </summary>
    private async Task<CreateReply> CreateDebouncedAsync(ScheduledTask record, Debounce debounce, DateTimeOffset now, string? traceParent)
    {
        if (record.Schedule.Kind != ScheduleKind.Once)
            throw new InvalidTaskException([$"debounce needs a one-shot spec (\"in 1 second\", \"in 5 minutes\", an instant); \"{record.Spec}\" repeats"]);
        var key = FlowKeyTemplate.Resolve(debounce.Key, record.Task);
        var due = now + debounce.Window;
        if (record.NextRunAt is not { } first || first < due) record = record with { NextRunAt = due, Schedule = ScheduleParser.OnceMovedTo(record.Schedule, due) };
        var replacing = false;
        for (var round = 0; ; round++)
        {
            var reply = await _store.CreateAsync(record, traceParent, replace: false, key, replacing);
            if (reply.Code is not (5 or 6) || round >= 8) return reply;
            replacing = reply.Code == 6;
            record = record with { Id = replacing ? reply.Id : TaskIds.New() };
        }
    }
}
