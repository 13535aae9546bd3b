using System.ComponentModel.DataAnnotations;

namespace Scheduler.Beat.Hosting;

/// <summary>How Beat claims and fires due occurrences. Bound from <c>Scheduler:Beat</c>.</summary>
public sealed class BeatOptions
{
    public const string Section = "Scheduler:Beat";

    /// <summary>Most occurrences claimed in one round trip.</summary>
    [Range(1, 10_000)]
    public int ClaimBatchSize { get; set; } = 500;

    /// <summary>How long a claim holds before another beat may take the occurrence over (if this one died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest sleep when nothing is due soon; also bounds how late a missed wake-up can make a fire.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxIdleWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An occurrence later than this counts as missed and its misfire policy applies.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>With misfire policy runAll, missed occurrences older than this are dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Jobs and commits one beat has in flight at once (batches of <see cref="FireBatchSize"/>, or single fires when a
    /// batch cannot be used); each batch is planned in one loop, as planning seldom waits, and handed on while the
    /// next is planned.
    /// </summary>
    [Range(1, 256)]
    public int FireConcurrency { get; set; } = 32;

    /// <summary>
    /// Most occurrences whose Hangfire jobs are created in one storage transaction, and whose fires are then committed in
    /// one call.
    /// </summary>
    [Range(1, 10_000)]
    public int FireBatchSize { get; set; } = 100;

    /// <summary>A worker whose heartbeat is older than this is dead; its running occurrences are re-queued.</summary>
    [Range(typeof(TimeSpan), "00:00:06", "01:00:00")]
    public TimeSpan WorkerDeadAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often Beat looks for occurrences left running by dead workers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OrphanCheckInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>An occurrence that was running on this many workers when they died is quarantined (failed, not re-queued).</summary>
    [Range(1, 100)]
    public int MaxWorkerLosses { get; set; } = 3;

    /// <summary>
    /// A run in flight on a live worker is checked against its Hangfire job and its worker's advertisement only once it
    /// began this long ago (see the reconciler in the README).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Links of a chain of <c>after:</c> triggers Beat runs (A after B after C …): one past it is not run. A cycle cannot be
    /// scheduled, but two changes made at once may each pass the check against the other's old spec; it then stops here.
    /// </summary>
    [Range(2, 100_000)]
    public int TriggerChainLimit { get; set; } = 100;

    /// <summary>How often Beat looks for schedules left "running" with no run in flight (reads the running index).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StuckRunningCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a task that finished without failure (completed, cancelled, expired) is kept, with its run history, after
    /// Beat's retention sweep first found it finished; zero keeps every task until it is deleted. Failed tasks are kept
    /// until they are retried or deleted, as Hangfire keeps failed jobs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan FinishedTaskRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often one Beat sweeps for finished tasks past <see cref="FinishedTaskRetention"/>. A sweep deletes those its
    /// index says are due and reads the status of a slice of all tasks, sized so that every task is read about once per
    /// seventh of the retention (at least once per interval), not once per sweep.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Hangfire's own delayed/recurring schedulers' polling interval (for jobs created directly through Hangfire).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HangfireSchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
