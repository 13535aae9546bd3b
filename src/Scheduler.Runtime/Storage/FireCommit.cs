namespace Scheduler.Runtime.Storage;

/// <summary>
/// One claimed occurrence's commit (see <see cref="ScheduleStoreFiring"/>): schedule <paramref name="Id"/>, expected due
/// at <paramref name="ExpectedDueMs"/>, moves to <paramref name="Next"/> or, with none, ends with
/// <paramref name="FinalStatus"/> (null keeps its status); a <paramref name="Fired"/> one enters run
/// <paramref name="RunId"/> (default "id:due") owned by Hangfire job <paramref name="JobId"/>, queued behind a running
/// one when <paramref name="Queued"/>. When max runs <paramref name="EndsAtMaxRuns"/> is what leaves it no next run,
/// and the record's max runs is no longer that (an update raised it after the plan's read) and leaves runs to fire, it
/// moves to <paramref name="NextBeyondMaxRuns"/> instead (with none, it ends as planned). An occurrence the misfire or
/// overlap policy does not fire carries why in <paramref name="SkipReason"/>, announced by the commit. A
/// <paramref name="Replaceable"/> one (overlap cancelPrevious) has its ledger note the task's replaced-runs count it was
/// fired under, so that a later claim of it can tell that a newer run replaced it meanwhile. One that
/// <paramref name="CancelsPrevious"/> (a run of the task went on when it was planned) replaces the runs fired before it:
/// the commit raises the task's replaced-runs count and announces it, only if the fire stands and has a job. So does any
/// replaceable one while the task's last fired run has not ended, which the commit reads itself: a run fired while no
/// worker was free never set the task running. A <paramref name="Replay"/> (a missed occurrence misfire runAll fires) has
/// its ledger say so (<see cref="RunAllReplays"/>).
/// </summary>
internal sealed record FireCommit(string Id, long ExpectedDueMs, DateTimeOffset? Next, string? FinalStatus, bool Fired,
    bool Queued = false, string? RunId = null, string? JobId = null, int? EndsAtMaxRuns = null, DateTimeOffset? NextBeyondMaxRuns = null,
    string? SkipReason = null, bool Replaceable = false, bool CancelsPrevious = false, bool Replay = false);
