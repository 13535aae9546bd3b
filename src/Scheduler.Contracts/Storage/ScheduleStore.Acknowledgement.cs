using Scheduler.Contracts.Client;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>The replicas writes that must survive a failover wait for; null (or 0 replicas) waits for none.</summary>
    public ReplicaAcknowledgement? Acknowledgement { get; init; }

    /// <summary>
    /// Returns once the replicas <see cref="Acknowledgement"/> asks for hold every write this connection sent before
    /// (Redis's <c>WAIT</c> counts the connection's last write, and replication keeps their order); at once, without a
    /// round trip, when it asks for none.
    /// </summary>
    /// <exception cref="ReplicaAcknowledgementException">Fewer replicas acknowledged within the time-out.</exception>
    public Task AcknowledgedAsync(string what) =>
        Acknowledgement is { IsOn: true } required ? WaitForReplicasAsync(what, required) : Task.CompletedTask;

    private async Task WaitForReplicasAsync(string what, ReplicaAcknowledgement required)
    {
        // On the primary, where the writes went: WAIT on a replica answers an error.
        var acknowledged = (long)await Db.ExecuteAsync("WAIT", [required.Replicas, (long)required.Timeout.TotalMilliseconds], CommandFlags.DemandMaster);
        if (acknowledged < required.Replicas) throw new ReplicaAcknowledgementException(what, acknowledged, required);
    }
}
