using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Cancels a task: it never fires again. False when no such task exists. <see cref="CancelWithResultAsync"/> answers
    /// a task that already ended with an outcome instead of throwing.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The task already ended (completed, failed, expired or cancelled).</exception>
    public async Task<bool> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await CancelWithResultAsync(id, cancellationToken);
        if (result is { Outcome: CancelOutcome.AlreadyEnded, Status: { } ended }) throw new InvalidTransitionException(id, ended, ScheduleStatus.Cancelled);
        return result.Changed;
    }

    /// <summary>
    /// Cancels a task: it never fires again. A task that already ended (completed, failed, expired or cancelled) is left
    /// as it is and answered <see cref="CancelOutcome.AlreadyEnded"/> with how it ended, as Celery's revoke or Hangfire's
    /// delete of a finished job is a quiet no-op; an unknown id is <see cref="CancelOutcome.NotFound"/>. Nothing throws for either.
    /// </summary>
    public async Task<CancelResult> CancelWithResultAsync(string id, CancellationToken cancellationToken = default) =>
        (await CancelIfHeldAsync(id, held: null, acknowledged: true, cancellationToken))!;

    /// <summary>
    /// <see cref="CancelWithResultAsync"/> made only on the record <paramref name="held"/> names (<see cref="CreateReply.Held"/>,
    /// null for any): null, with nothing written, when the id holds another live record (replaced, updated, deleted and
    /// created anew since it was read). Without <paramref name="acknowledged"/> it does not wait for the replicas: a bulk
    /// cancel waits once, after the last.
    /// </summary>
    internal async Task<CancelResult?> CancelIfHeldAsync(string id, string? held, bool acknowledged, CancellationToken cancellationToken)
    {
        var before = await _store.GetAsync(id).WaitAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        (ScheduleStatus? Previous, bool Held) written;
        try
        {
            written = await _store.TransitionIfHeldAsync(id, ScheduleStatus.Cancelled, notifyBeat: true, [.. ChangeStamp(), .. ScheduleRecord.PauseFields(null)], held,
                ScheduleStatus.Scheduled, ScheduleStatus.Paused, ScheduleStatus.Running);
        }
        catch (InvalidTransitionException e)
        {
            // A repeat of a cancel the replicas did not acknowledge lands here: it is answered only once they hold it,
            // as a repeated create is, else "already ended" would pass for the acknowledgement the first call lacked.
            if (acknowledged) await _store.AcknowledgedAsync($"cancel of task {id}");
            return new CancelResult(id, CancelOutcome.AlreadyEnded, e.Current);
        }
        if (!written.Held) return null;
        if (written.Previous is not { } previous) return new CancelResult(id, CancelOutcome.NotFound, null);
        await _store.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_store.Keys.TaskCancelled), id);
        await _events.PublishAsync(SchedulerEvents.Cancelled, id);
        if (before is not null)
            await RecordAuditAsync(AuditActions.Cancel, id, before, before with { Status = ScheduleStatus.Cancelled, NextRunAt = null, Pause = null });
        // Last: the cancel stands on the primary whether or not the replicas acknowledge it, so its stop message, event and
        // audit entry go out first (a repeat finds the task ended and would send none of them).
        if (acknowledged) await _store.AcknowledgedAsync($"cancel of task {id}");
        return new CancelResult(id, CancelOutcome.Cancelled, previous);
    }
}
