using Hangfire.States;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// One in-flight run as <see cref="RunReconciler"/> read it: the ledger entry, the state of its Hangfire job (null
/// when the job is gone) and what its worker last advertised it holds (null when nothing is advertised).
/// </summary>
internal sealed record InFlightCheck(InFlightRun Run, string? JobState, WorkerHolding? Holding)
{
    /// <summary>
    /// Whether the run needs repair. <paramref name="grace"/> is <see cref="BeatOptions.ReconcileAfter"/>;
    /// <paramref name="aliveProcesses"/> the processes that heart-beat recently.
    /// </summary>
    public RunVerdict Judge(DateTimeOffset now, TimeSpan grace, IReadOnlySet<string> aliveProcesses)
    {
        if (!aliveProcesses.Contains(Run.WorkerId)) return RunVerdict.WorkerDead;
        if (now - Run.StartedAt < grace) return RunVerdict.Recent;
        var holds = Holds();
        if (holds == true) return RunVerdict.Held;
        // Only positive evidence moves a live worker's run: its advertisement, newer than the claim, without the run.
        // No advertisement (expired, lost with a Redis restart or rollback, not yet re-published) says nothing: the
        // worker may still be writing the outcome. A worker that is really gone is the watchdog's once it stops heart-beating.
        if (holds is null) return RunVerdict.Healthy;
        if (WaitingStates.Contains(JobState)) return RunVerdict.Release;
        // Processing (by a delivery that let the run go), Succeeded, Failed, Deleted, gone, or a state of no one's:
        // no job body is executing the run any more.
        return RunVerdict.Requeue;
    }

    private static readonly HashSet<string?> WaitingStates = [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    // A worker claims a run only while holding it, and stamps its advertisement before listing what it holds, both by
    // its own clock (the in-flight entry's too): an advertisement newer than the claim that does not list the run
    // means the worker let it go. An older one (or none) says nothing.
    private bool? Holds() => Holding is { } holding && holding.At > Run.StartedAt ? holding.RunIds.Contains(Run.RunId) : null;
}
