using Scheduler.Contracts.Client;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>The replicas writes that must survive a failover wait for; null (or 0 replicas) waits for none.</summary>
    public ReplicaAcknowledgement? Acknowledgement { get; init; }

    /// <summary>
    /// Returns once the replicas <see cref="Acknowledgement"/> asks for hold everything the primary held when it was called
    /// (this call's writes, and a first call's the repeat of which wrote nothing); at once, without a round trip, when it
    /// asks for none.
    /// </summary>
    /// <exception cref="ReplicaAcknowledgementException">Fewer replicas acknowledged within the time-out.</exception>
    /// <param name="what">The write, as the exception's message begins.</param>
    /// <param name="advice">What to do when short, for a write whose repeat is not the same write; null: retry it.</param>
    public Task AcknowledgedAsync(string what, string? advice = null) =>
        Acknowledgement is { IsOn: true } required ? WaitForReplicasAsync(what, advice, required) : Task.CompletedTask;

    private async Task WaitForReplicasAsync(string what, string? advice, ReplicaAcknowledgement required)
    {
        // WAIT counts up to this connection's last write, as Redis documents it (7.0 also moves that mark on a read; the
        // documented rule, and Redis versions that keep to it, do not).
        // A call that wrote nothing (a repeat that found its write made, answered "already paused" or "not found") on a
        // connection that wrote nothing before (a new process's, the CLI's) would be counted acknowledged at once while
        // the replicas still lack the first call's write: a publish, which Redis replicates, moves the connection's mark
        // to the primary's present first. Sent together, in order, on the primary (WAIT on a replica is an error).
        var mark = Db.PublishAsync(RedisChannel.Literal(Keys.ReplicationMark), "", CommandFlags.DemandMaster);
        var wait = Db.ExecuteAsync("WAIT", [required.Replicas, (long)required.Timeout.TotalMilliseconds], CommandFlags.DemandMaster);
        await mark;
        var acknowledged = (long)await wait;
        if (acknowledged < required.Replicas)
            throw advice is null ? new ReplicaAcknowledgementException(what, acknowledged, required) : new ReplicaAcknowledgementException(what, acknowledged, required, advice);
    }
}
