namespace Scheduler.Contracts.Client;

/// <summary>
/// Redis took a write, but fewer replicas than <see cref="ReplicaAcknowledgement.Replicas"/> acknowledged it within
/// <see cref="ReplicaAcknowledgement.Timeout"/>. The write stands on the primary and is not undone; it may be lost if
/// the primary fails over before a replica has it. Repeating the same call is safe for the writes that wait by what
/// they name (creating a task by its id, replacing, updating, pausing, resuming, cancelling, deleting, retrying a run,
/// a backfill): a repeat finds what the first one wrote, and answers only once the replicas hold it. A run asked for
/// now (trigger) is asked for again by a repeat: the message names the run to look for instead.
/// </summary>
public sealed class ReplicaAcknowledgementException : Exception
{
    /// <summary>Describes the short acknowledgement.</summary>
    public ReplicaAcknowledgementException(string what, long acknowledged, ReplicaAcknowledgement required)
        : this(what, acknowledged, required, "Retry once the replicas are back, or lower the setting")
    {
    }

    /// <summary>Describes the short acknowledgement of a write whose repeat is not the same write: <paramref name="advice"/> says what to do.</summary>
    internal ReplicaAcknowledgementException(string what, long acknowledged, ReplicaAcknowledgement required, string advice)
        : base($"{what}: written on the Redis primary, but {acknowledged} of {required.Replicas} replica(s) acknowledged it within "
            + $"{required.Timeout.TotalMilliseconds:0} ms ({Setting}); it may be lost if the primary fails over now. {advice}")
    {
        Acknowledged = acknowledged;
        Required = required;
    }

    /// <summary>The setting that asked for the acknowledgement, as configuration names it.</summary>
    public const string Setting = "Scheduler:Redis:ReplicaAcknowledgement";

    /// <summary>Replicas that acknowledged the write in time.</summary>
    public long Acknowledged { get; }

    /// <summary>What was asked for.</summary>
    public ReplicaAcknowledgement Required { get; }
}
