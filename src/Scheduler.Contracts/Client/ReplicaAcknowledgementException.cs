namespace Scheduler.Contracts.Client;

/// <summary>
/// Redis took a write, but fewer replicas than <see cref="ReplicaAcknowledgement.Replicas"/> acknowledged it within
/// <see cref="ReplicaAcknowledgement.Timeout"/>. The write stands on the primary and is not undone; it may be lost if
/// the primary fails over before a replica has it. Repeating the same call is safe for the writes that wait
/// (creating a task by its id, replacing, cancelling): a repeat finds what the first one wrote.
/// </summary>
public sealed class ReplicaAcknowledgementException : Exception
{
    /// <summary>Describes the short acknowledgement.</summary>
    public ReplicaAcknowledgementException(string what, long acknowledged, ReplicaAcknowledgement required)
        : base($"{what}: written on the Redis primary, but {acknowledged} of {required.Replicas} replica(s) acknowledged it within "
            + $"{required.Timeout.TotalMilliseconds:0} ms ({Setting}); it may be lost if the primary fails over now. Retry once the replicas are back, "
            + "or lower the setting")
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
