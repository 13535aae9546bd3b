namespace Scheduler.Contracts.Client;

/// <summary>
/// Writes that must survive a failover return only once this many replicas hold them (Redis's <c>WAIT</c>): every
/// change a client makes (a task created, replaced, cancelled, paused, resumed, updated or deleted, a run asked for,
/// retried or backfilled, an event published), a worker's claim of a run (its handler starts only then) and each
/// attempt's outcome. Beat's firing is not waited for: the claim after it is.
/// Without it Redis acknowledges a write the primary alone holds, and a planned failover (or a primary restarted
/// empty) can wipe it. Every component of one system should agree (<c>Scheduler:Redis:ReplicaAcknowledgement</c>).
/// </summary>
/// <remarks>
/// Redis serves one connection's commands in order, so while a <c>WAIT</c> waits every other command of the process
/// waits behind it: keep <see cref="Timeout"/> short. A write acknowledged by fewer replicas within it stays written on
/// the primary, and the caller is told (<see cref="ReplicaAcknowledgementException"/>).
/// </remarks>
public sealed record ReplicaAcknowledgement
{
    /// <summary>Highest <see cref="Replicas"/> accepted.</summary>
    public const int MaxReplicas = 10;

    /// <summary>Longest <see cref="Timeout"/> accepted: under the Redis client's 5 s time-out, which a longer wait would trip.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Shortest <see cref="Timeout"/> accepted.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Replicas that must hold a write before it counts as done; 0 (the default) waits for none and costs nothing.</summary>
    public int Replicas { get; init; }

    /// <summary>How long to wait for them (1 s by default; 10 ms to 4 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether writes wait for replicas at all.</summary>
    internal bool IsOn => Replicas > 0;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        Replicas is < 0 or > MaxReplicas ? $"Replicas {Replicas} must be 0 (off) to {MaxReplicas}"
        : Timeout < MinTimeout || Timeout > MaxTimeout ? $"Timeout {Timeout} must be 10 ms to 4 s"
        : null;
}
