using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Makes <paramref name="write"/> (with its events and audit entry), then returns once the replicas
    /// <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for hold it. A state refusal waits too before it
    /// is thrown: the repeat of a call that was short ("already paused", "a retry is on its way") finds the first call's
    /// write, and must not answer before the replicas hold it.
    /// </summary>
    /// <exception cref="ReplicaAcknowledgementException">Fewer replicas acknowledged within the time-out.</exception>
    private async Task<T> AcknowledgedAsync<T>(string what, Func<Task<T>> write)
    {
        T result;
        try
        {
            result = await write();
        }
        catch (Exception e) when (e is InvalidTransitionException or RetryRefusedException)
        {
            await _store.AcknowledgedAsync(what);
            throw;
        }
        await _store.AcknowledgedAsync(what);
        return result;
    }

    /// <summary>
    /// Returns once the replicas hold everything this client's Redis primary holds now (at once when none are asked
    /// for): for a caller that made its writes through the client without waiting, or whose repeat wrote nothing.
    /// </summary>
    /// <exception cref="ReplicaAcknowledgementException">Fewer replicas acknowledged within the time-out.</exception>
    internal Task AcknowledgedAsync(string what) => _store.AcknowledgedAsync(what);
}
