using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// What <see cref="ScheduleStoreRunLedger.BeginRunAsync"/> decided: the claim, and when it is <see cref="AttemptClaim.Run"/> the
/// attempt number, the task as read in the same step and its status before it was marked running.
/// </summary>
internal sealed record RunStart(AttemptClaim Claim, int Attempt, ScheduledTask? Task = null, ScheduleStatus? PreviousStatus = null)
{
    /// <summary>Who asked for this run by hand (a retry or a backfill); null for a run the schedule fired.</summary>
    public Contracts.Runs.RunRequest? Request { get; init; }

    /// <summary>The attempt's start was announced on the events stream by the claim itself.</summary>
    public bool StartAnnounced { get; init; }

    /// <summary>
    /// The token the claim was made with (<see cref="ScheduleStoreRunLedger"/>'s BeginRunAsync): an attempt claimed without announcing its start
    /// gives it when it starts (<see cref="ScheduleStoreRunLedger"/>'s MarkAttemptStartedAsync), to learn whether a recovery
    /// withdrew the claim meanwhile.
    /// </summary>
    public string? ClaimToken { get; init; }

    /// <summary>
    /// How many times overlap cancelPrevious had cancelled the task's running runs when this one was claimed: a later
    /// count means a newer run replaced this one (see <see cref="TaskCancelState"/>).
    /// </summary>
    public long ReplacedRuns { get; init; }

    /// <summary>
    /// The overlap cancelPrevious count this run was fired under, noted in its ledger by the fire of a cancelPrevious
    /// task; null when not noted (another overlap then, or a Beat from before the note). Lower than
    /// <see cref="ReplacedRuns"/>, a newer run replaced it before this claim, unless it is <see cref="ReplacingRunId"/>.
    /// </summary>
    public long? FiredUnder { get; init; }

    /// <summary>The run the task's last overlap cancelPrevious cancel was for (task field "replacingRun"); null when none was.</summary>
    public string? ReplacingRunId { get; init; }

    /// <summary>
    /// A schedule's fire claimed before Beat's commit of it: fired after every overlap cancelPrevious replace that
    /// <see cref="ReplacedRuns"/> counts, so none of them replaces it, however late its message (its own replace is
    /// counted by that commit, after this claim).
    /// </summary>
    public bool ClaimedBeforeFire { get; init; }

    /// <summary>
    /// The run had waited at the flow gate and was claimed without passing it: its task's concurrency and rate options
    /// were removed meanwhile. Its place in the line it waited in is to be given up, or that line counts it until stale.
    /// </summary>
    public bool StrandedAtFlowGate { get; init; }

    /// <summary>
    /// Who stopped this run by hand (<c>SchedulerClient.StopRunsAsync</c>) before this delivery claimed it, e.g. as its
    /// worker died: it is recorded cancelled, not run; null when no one did.
    /// </summary>
    public string? StoppedBy { get; init; }

    /// <summary>
    /// This delivery took over the entry its job parked while a retry's backoff passed: it runs the run's next attempt
    /// (<see cref="Attempt"/>), which the rate limit counts as a retry's start. Its task may have been cancelled meanwhile
    /// (<see cref="Task"/>'s status): the attempt is then recorded cancelled, not started.
    /// </summary>
    public bool Resumed => RetryAt is not null;

    /// <summary>
    /// When the parked retry this delivery resumes is due (<see cref="Resumed"/>; null otherwise), on Redis's clock:
    /// Hangfire woke the job by its own host clocks, which may run ahead of it.
    /// </summary>
    public DateTimeOffset? RetryAt { get; init; }
}
