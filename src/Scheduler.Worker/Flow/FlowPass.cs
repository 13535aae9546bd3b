using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;

namespace Scheduler.Worker.Flow;

/// <summary>
/// A run that passed its flow gate: keeps its slot's lease alive while it runs, and frees the slot (waking the next
/// waiters) when released. If the worker dies, renewals stop and the lease runs out.
/// </summary>
internal sealed class FlowPass : IAsyncDisposable
{
    private readonly FlowGate _gate;
    private readonly FlowKeys _keys;
    private readonly string _runId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;

    public FlowPass(FlowGate gate, ScheduleStore store, FlowKeys keys, string runId, TimeSpan? waited, TimeProvider time)
    {
        (_gate, _keys, _runId, Waited) = (gate, keys, runId, waited);
        _renewals = keys.ConcurrencyKey is { } key ? RenewAsync(store, key, time) : Task.CompletedTask;
    }

    /// <summary>How long the run waited at the gate; null when it went straight through.</summary>
    public TimeSpan? Waited { get; }

    private async Task RenewAsync(ScheduleStore store, string key, TimeProvider time)
    {
        var every = FlowSettings.Lease / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, _stop.Token);
                await store.RenewFlowSlotAsync(key, _runId, FlowSettings.Lease);
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Redis away: the next renewal tries again; the lease outlasts two missed ones.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        await _gate.ReleaseAsync(_keys, _runId);
    }
}
