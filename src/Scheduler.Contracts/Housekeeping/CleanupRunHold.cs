using System.Diagnostics;
using StackExchange.Redis;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// One run's hold on its registration, renewed in the background while it runs. <see cref="Lost"/> is cancelled when
/// the hold is gone (the registration removed, or Redis out of reach for longer than the hold lasts, so another run may
/// have started): the run stops before its next delete.
/// </summary>
internal sealed class CleanupRunHold : IAsyncDisposable
{
    private readonly CleanupStore _store;
    private readonly string _id;
    private readonly string _value;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _done = new();
    private readonly Task _renewing;

    internal CleanupRunHold(CleanupStore store, string id, string value)
    {
        (_store, _id, _value) = (store, id, value);
        _renewing = Task.Run(RenewAsync);
    }

    /// <summary>Cancelled when the hold is lost; <see cref="LostBecause"/> then says why.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Why the hold was lost, for the run's report.</summary>
    public string LostBecause { get; private set; } = "";

    private async Task RenewAsync()
    {
        var renewed = Stopwatch.StartNew();
        while (!_done.IsCancellationRequested)
        {
            try { await Task.Delay(_store.RunHoldRenewal, _done.Token); }
            catch (OperationCanceledException) { return; }
            try
            {
                if (await _store.RenewRunAsync(_id, _value)) { renewed.Restart(); continue; }
                Lose("the registration was removed while it ran");
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Kept through a short outage; past the hold's time another run may have taken the registration.
                if (renewed.Elapsed < CleanupStore.RunHoldTime - _store.RunHoldRenewal * 2) continue;
                Lose($"Redis was out of reach for {renewed.Elapsed.TotalSeconds:0} s, so another run may have taken the registration ({e.Message})");
                return;
            }
        }
    }

    private void Lose(string because)
    {
        LostBecause = because;
        _lost.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        _done.Cancel();
        await _renewing;
        try { if (!_lost.IsCancellationRequested) await _store.ReleaseRunAsync(_id, _value); }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Left to expire: the next run waits at most the hold's time.
        }
        _lost.Dispose();
        _done.Dispose();
    }
}
