namespace Scheduler.Cli;

/// <summary>Every exit code the CLI returns.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int NotFound = 3;
    public const int RedisUnreachable = 4;
    public const int TimedOut = 5;
    /// <summary>
    /// A live task holds the id with another definition (<c>--replace</c> replaces it), or the task's status does not
    /// allow the change (e.g. trigger or resume of a cancelled task); nothing was written.
    /// </summary>
    public const int Conflict = 6;
    /// <summary>Nothing to do: the task to cancel had already ended (completed, failed, expired or cancelled). Not a failure.</summary>
    public const int AlreadyEnded = 7;
    /// <summary>
    /// Redis took the write, but fewer replicas than <c>--replica-ack</c> (Scheduler:Redis:ReplicaAcknowledgement) asks
    /// for acknowledged it in time: it stands on the primary and may be lost in a failover. Repeat the command once the
    /// replicas are back (a trigger or publish: look for the run or trigger the message names instead).
    /// </summary>
    public const int NotAcknowledged = 8;
}
