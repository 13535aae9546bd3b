using System.Diagnostics;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// One run's hold on its registration, renewed in the background while it runs. <see cref="IsLost"/> turns true when
/// the hold is gone or may be: the registration removed, the hold lapsed and perhaps taken by another run, or not
/// renewed in time (Redis out of reach); the run stops before its next delete.
/// </summary>
internal sealed class CleanupRunHold : IAsyncDisposable
{
    private readonly CleanupStore _store;
    private readonly string _id;
    private readonly string _value;
    private readonly CancellationTokenSource _done = new();
    private readonly Task _renewing;
    private readonly long _margin;
    private long _heldUntil;
    private volatile string? _lostBecause;
    private volatile string? _lastError;

    internal CleanupRunHold(CleanupStore store, string id, string value, long takenAt)
    {
        (_store, _id, _value) = (store, id, value);
        // Counted from before the call that set or renewed the hold, less a margin: Redis's own time-out started later,
        // so the run stops before the hold can lapse under it, however long a reply took.
        _margin = Math.Max(Stopwatch.Frequency, (long)(_store.RunHoldRenewal.TotalSeconds * 2 * Stopwatch.Frequency));
        _heldUntil = takenAt + HoldTicks - _margin;
        _renewing = Task.Run(RenewAsync);
    }

    private static long HoldTicks => (long)(CleanupStore.RunHoldTime.TotalSeconds * Stopwatch.Frequency);

    /// <summary>True once the hold is gone or may be; <see cref="LostBecause"/> then says why.</summary>
    public bool IsLost => _lostBecause is not null || Stopwatch.GetTimestamp() > Interlocked.Read(ref _heldUntil);

    /// <summary>Why the hold was lost, for the run's report.</summary>
    public string LostBecause => _lostBecause
        ?? $"its hold on the registration was not renewed in time{(_lastError is { } e ? $" (Redis: {e})" : " (the run or Redis paused)")}, so another run may have taken it";

    private async Task RenewAsync()
    {
        while (!_done.IsCancellationRequested && !IsLost)
        {
            try { await Task.Delay(_store.RunHoldRenewal, _done.Token); }
            catch (OperationCanceledException) { return; }
            var sent = Stopwatch.GetTimestamp();
            try
            {
                switch (await _store.RenewRunAsync(_id, _value))
                {
                    case CleanupStore.Renewal.Renewed:
                        Interlocked.Exchange(ref _heldUntil, sent + HoldTicks - _margin);
                        break;
                    case CleanupStore.Renewal.Removed:
                        _lostBecause = "the registration was removed while it ran";
                        return;
                    default:
                        _lostBecause = "its hold on the registration lapsed (the run or Redis paused longer than "
                            + $"{CleanupStore.RunHoldTime.TotalSeconds:0} s), so another run may have taken it";
                        return;
                }
            }
            catch (Exception e)
            {
                // Kept through a short outage (IsLost turns true by the deadline); any failure, a closed connection
                // included, must leave the run stopping rather than deleting without a hold.
                _lastError = e.Message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync();
        await _renewing;
        try
        {
            // Deletes the hold only while it is still this run's value, so also after it may have lapsed.
            await _store.ReleaseRunAsync(_id, _value);
        }
        catch (Exception)
        {
            // Left to lapse: the next run waits at most the hold's time. The run's result is already recorded.
        }
        _done.Dispose();
    }
}
