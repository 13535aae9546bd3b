using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Triggers;
using Scheduler.Worker.Execution;

namespace Scheduler.Worker.Triggers;

/// <summary>Finds what triggered a run, once per run, for its handler and its run record.</summary>
internal static class TriggerContexts
{
    /// <summary>The context of the trigger that started <paramref name="runId"/>, or null for a clock or manual run.</summary>
    public static async Task<TriggerContext?> ReadAsync(ScheduleStore store, Bookkeeping bookkeeping, string runId, CancellationToken cancellationToken)
    {
        if (TriggerRunIds.TriggerIdOf(runId) is not { } triggerId) return null;
        // Kept for 30 days; one that expired while the trigger waited still runs, with only its id known.
        return await bookkeeping.WriteAsync($"run {runId}: trigger context", () => store.Triggers.ReadAsync(triggerId), cancellationToken)
            ?? new TriggerContext { Id = triggerId, Kind = "unknown", Source = "" };
    }
}
