namespace Scheduler.Contracts.Housekeeping;

/// <summary>What <see cref="CleanupStore.HoldRunAsync"/> got: the hold, or who holds the registration, or that it is gone.</summary>
/// <param name="Hold">This run's hold; null when the registration is gone or still held by <paramref name="HeldBy"/>.</param>
/// <param name="HeldBy">The run holding it, in words ("another run (by w1, since …)").</param>
internal sealed record CleanupHoldAttempt(CleanupRunHold? Hold, string? HeldBy)
{
    public static readonly CleanupHoldAttempt Gone = new(null, null);
}
