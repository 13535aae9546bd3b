using Scheduler.Contracts.Runs;

namespace Scheduler.Cli.Output;

/// <summary>
/// A run in progress as <c>scheduler info</c> lists it: on its worker since its attempt started; claimed by a worker but
/// not started (its time is the claim's, not a start); or, parked for its next retry (no worker holds it), waiting for
/// that retry at its instant: the entry's start is then the retry's due time, which "since" would misstate as a start
/// in the future.
/// </summary>
internal static class InProgressText
{
    public static string Describe(RunInProgress run) =>
        (run.RetryDueAt is { } due
            ? $"{run.RunId}, waiting for retry at {Formatting.Instant(due)} (attempt {run.Attempt} to come)"
            : run.WaitingToStart
                ? $"{run.RunId}, attempt {run.Attempt} waiting to start on {run.WorkerId} (claimed {Formatting.Instant(run.StartedAt)})"
                : $"{run.RunId}, attempt {run.Attempt} on {run.WorkerId} since {Formatting.Instant(run.StartedAt)}")
        + (run.StoppedBy is { } by ? $" (stopped by {by}, ending)" : "");
}
