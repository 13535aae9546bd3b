namespace Scheduler.Contracts.Storage;

/// <summary>Every Redis key and channel Scheduler uses, built in one place from the configured prefix.</summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>The prefix every component, the client and the CLI use unless told otherwise.</summary>
    public const string DefaultPrefix = "scheduler:";

    /// <summary>What a prefix may be: it is pasted into keys and into SCAN patterns, so no spaces and no glob characters.</summary>
    public const string PrefixPattern = @"^[^\s*?\[\]]{1,64}$";

    /// <summary>How <see cref="PrefixPattern"/> reads to a person.</summary>
    public const string PrefixAccepted = "1 to 64 characters without spaces or * ? [ ]";

    public string Prefix { get; } = prefix;

    /// <summary>Hash: one schedule's record.</summary>
    public string Task(string id) => $"{Prefix}task:{id}";

    /// <summary>Sorted set: every schedule id, scored by creation time (ms).</summary>
    public string Tasks => $"{Prefix}tasks";

    /// <summary>String: the Beat whose turn it is to sweep finished tasks past their retention, for one sweep interval.</summary>
    public string RetentionTurn => $"{Prefix}retention-turn";

    /// <summary>
    /// Sorted set: ids of the tasks the retention sweep found finished, scored by when it first did (ms, as their
    /// <c>retainedFrom</c>). An index only: each record says whether the task is still finished.
    /// </summary>
    public string Retained => $"{Prefix}retained";

    /// <summary>String: the rank in <see cref="Tasks"/> at which the retention sweep's next slice of status reads starts.</summary>
    public string RetentionCursor => $"{Prefix}retention-cursor";

    /// <summary>Sorted set: schedule id scored by its next due instant (Unix ms); Beat's firing index.</summary>
    public string Due => $"{Prefix}due";

    /// <summary>
    /// Sorted set: manual "run now" requests (member "taskId:requestedMs") and pending event triggers (member
    /// "#triggerId:taskId"), scored by when they were made (ms); Beat fires each once.
    /// </summary>
    public string Triggers => $"{Prefix}triggers";

    /// <summary>
    /// Set: ids of the trigger tasks subscribed to <paramref name="name"/>: a task's finished runs (<paramref name="kind"/>
    /// "after") or an event (kind "on"). An index only: each member's record says whether it still subscribes.
    /// </summary>
    public string Subscribers(string kind, string name) => $"{Prefix}subs:{kind}:{name}";

    /// <summary>Hash: one trigger's context (source, run, outcome, result or payload), read by the runs it starts.</summary>
    public string Trigger(string triggerId) => $"{Prefix}trigger:{triggerId}";

    /// <summary>String: counter that numbers triggers ("e1", "e2", …).</summary>
    public string TriggerSequence => $"{Prefix}trigger-seq";

    /// <summary>List: execution attempts of one schedule, newest first.</summary>
    public string Runs(string id) => $"{Prefix}runs:{id}";

    /// <summary>
    /// Hash: the state of one occurrence's run (owner job, attempts started, done flag, and a notification run's
    /// deliveries as fields "n:channel" or "n:stepPath/channel"), expiring after a week.
    /// </summary>
    public string Run(string runId) => $"{Prefix}run:{runId}";

    /// <summary>Hash: runs executing now, runId → "jobId|workerId|taskId|attempt|startedMs"; watched for dead workers.</summary>
    public string InFlight => $"{Prefix}inflight";

    /// <summary>
    /// String: the runs one worker holds (executing, or with an outcome still to write), "writtenMs" then one run id a
    /// line; rewritten every few seconds and expiring, so Beat's reconciler can tell a run its owner still holds.
    /// </summary>
    public string Holding(string workerId) => $"{Prefix}holding:{workerId}";

    /// <summary>Set: ids of schedules whose status is "running" (kept by the scripts that set or clear it), for the stuck-running check.</summary>
    public string Running => $"{Prefix}running";

    /// <summary>String: present once <see cref="Running"/> was filled from every schedule (deployments from before the index).</summary>
    public string RunningIndexed => $"{Prefix}running-indexed";

    /// <summary>
    /// Sorted set: runs fired and not done, runId scored by when Beat's reconciler next looks at them (first: when fired).
    /// A run whose Hangfire job failed, vanished or was deleted before any worker claimed it is found here.
    /// </summary>
    public string Fired => $"{Prefix}fired";

    /// <summary>String: held by the one Beat doing the periodic reconcile pass (fired runs, stuck "running"), expiring.</summary>
    public string ReconcileLock => $"{Prefix}lock:reconcile";

    /// <summary>String: idempotency key → task id.</summary>
    public string Idempotency(string key) => $"{Prefix}idem:{key}";

    /// <summary>String: the id of the pending task a debounce key collapses requests into.</summary>
    public string Debounce(string key) => $"{Prefix}debounce:{key}";

    /// <summary>Stream: lifecycle and execution events, capped.</summary>
    public string Events => $"{Prefix}events";

    /// <summary>Stream: the audit log (who changed what, when, before and after), capped by count and age.</summary>
    public string Audit => $"{Prefix}audit";

    /// <summary>
    /// Hash with TTL: one client address's wrong logins at the dashboard (failures, window start, locked-until ms), shared
    /// by every dashboard process; <paramref name="addressHash"/> is a hash of the address, not the address itself.
    /// </summary>
    public string Lockout(string addressHash) => $"{Prefix}lockout:{addressHash}";

    /// <summary>Pub/sub channel: a schedule was added or changed, so Beat re-reads its next due instant.</summary>
    public string ScheduleChanged => $"{Prefix}schedule-changed";

    /// <summary>Pub/sub channel: a task was cancelled (message = task id), so workers stop its running attempts.</summary>
    public string TaskCancelled => $"{Prefix}task-cancelled";

    /// <summary>Channel: overlap cancelPrevious's replace, "taskId\ncount\nrunId" (the task's replaced-runs count and the replacing run's id).</summary>
    public string TaskReplaced => $"{Prefix}task-replaced";

    /// <summary>
    /// Pub/sub channel: a run was stopped by hand while its task goes on (message = run id, a line break, then who
    /// stopped it), so the worker running it stops it.
    /// </summary>
    public string RunStopped => $"{Prefix}run-stopped";

    /// <summary>
    /// Pub/sub channel: a task's concurrency or rate limit was changed (message = task id), so a worker wakes the runs
    /// that wait for it and may go now; a lost message leaves them to their back-stop.
    /// </summary>
    public string FlowChanged => $"{Prefix}flow-changed";

    /// <summary>
    /// Pub/sub channel nobody listens on: a write's wait for replicas publishes to it first, so that Redis's <c>WAIT</c>
    /// (which counts the connection's own last write) covers everything the primary holds, also for a call that wrote nothing.
    /// </summary>
    public string ReplicationMark => $"{Prefix}replication-mark";

    /// <summary>String: one cleanup registration as JSON.</summary>
    public string Cleanup(string id) => $"{Prefix}cleanup:{id}";

    /// <summary>Sorted set: every cleanup registration id, scored by registration order (<see cref="CleanupSequence"/>).</summary>
    public string Cleanups => $"{Prefix}cleanups";

    /// <summary>Sorted set: every cleanup registration id, scored by when it next runs by itself (Unix ms).</summary>
    public string CleanupDue => $"{Prefix}cleanup-due";

    /// <summary>Hash: cleanup registration id → how many times it ran by itself.</summary>
    public string CleanupRuns => $"{Prefix}cleanup-runs";

    /// <summary>Hash: cleanup registration id → its last real run as JSON (<see cref="Housekeeping.CleanupLastRun"/>).</summary>
    public string CleanupLastRuns => $"{Prefix}cleanup-last-run";

    /// <summary>
    /// List: one cleanup registration's newest real runs as JSON (<see cref="Housekeeping.CleanupLastRun"/>), newest
    /// first, capped at <see cref="Housekeeping.CleanupLastRun.KeptRuns"/>; written with its entry in <see cref="CleanupLastRuns"/>.
    /// </summary>
    public string CleanupHistory(string id) => $"{Prefix}cleanup-history:{id}";

    /// <summary>
    /// String with a time-out: who is running one cleanup registration now (see <see cref="Housekeeping.CleanupRunHold"/>),
    /// so two runs of it never delete side by side; deleted with the registration, which stops that run.
    /// </summary>
    public string CleanupRunning(string id) => $"{Prefix}cleanup-running:{id}";

    /// <summary>String: counter that orders the cleanup index by registration.</summary>
    public string CleanupSequence => $"{Prefix}cleanup-seq";

    /// <summary>A dry run's report, kept a few minutes for the dashboard page that shows it (string: JSON).</summary>
    public string CleanupPreview(string token) => $"{Prefix}cleanup-preview:{token}";

    /// <summary>Sorted set: runs whose final outcome was failed or timed out, runId scored by when it ended (ms); capped.</summary>
    public string FailedRuns => $"{Prefix}failed-runs";

    /// <summary>Hash: runId → the final attempt (TaskRun JSON) of each run in <see cref="FailedRuns"/>.</summary>
    public string FailedRunData => $"{Prefix}failed-runs:data";

    /// <summary>Sorted set: a backfill's occurrences still to fire, "dueMs|requestedMs|actor" scored by the due instant.</summary>
    public string Backfill(string taskId) => $"{Prefix}backfill:{taskId}";

    /// <summary>String: the run a one-at-a-time backfill fired last; the next waits until it is done.</summary>
    public string BackfillCurrent(string taskId) => $"{Prefix}backfill-current:{taskId}";

    /// <summary>
    /// String: "id|created ms", the identity of Scheduler's data in this Redis, written by the first server process to
    /// find none. A running process that finds it gone or replaced knows Redis lost the data (see <see cref="DataSetLost"/>).
    /// </summary>
    public string DataSet => $"{Prefix}dataset";

    /// <summary>String: "detected ms|process id|created ms of the lost data", kept for an hour after a process found the data lost.</summary>
    public string DataSetLost => $"{Prefix}dataset:lost";

    /// <summary>Sorted set: process heartbeats (member "role:id", score Unix ms).</summary>
    public string Heartbeats => $"{Prefix}heartbeats";

    /// <summary>
    /// String: how far ahead of Redis's clock process <paramref name="processId"/>'s host clock runs, in ms (negative:
    /// behind), rewritten with its heartbeat and expiring after it stops (<see cref="ClockOffsets"/>).
    /// </summary>
    public string ClockSkew(string processId) => $"{Prefix}clock:{processId}";

    /// <summary>
    /// String: the key prefix of the Hangfire storage this system's runs go through (<c>Scheduler:Redis:HangfirePrefix</c>),
    /// written by every server at start, so a client can read the queues without being told.
    /// </summary>
    public string HangfireStorage => $"{Prefix}hangfire";

    /// <summary>String: what one worker can run, as JSON, expiring unless its heartbeat rewrites it.</summary>
    public string Capabilities(string workerId) => $"{Prefix}caps:{workerId}";

    /// <summary>Sorted set: runs holding a slot of concurrency key <paramref name="key"/> (score: lease end, Unix ms).</summary>
    public string FlowSlots(string key) => $"{Prefix}flow:slots:{key}";

    /// <summary>Sorted set: runs started under rate-limit key <paramref name="key"/> within its period (score: start, Unix ms).</summary>
    public string FlowStarts(string key) => $"{Prefix}flow:starts:{key}";

    /// <summary>Sorted set: runs waiting for flow key <paramref name="key"/> ("c:"/"r:" + key), by arrival (score: <see cref="FlowSequence"/>).</summary>
    public string FlowWaiters(string key) => $"{Prefix}flow:waiters:{key}";

    /// <summary>Hash: runId → "seq|first wait ms|last seen ms|jobId|queue" for every waiting run.</summary>
    public string FlowWaiting => $"{Prefix}flow:waiting";

    /// <summary>String: counter giving waiters one order across all keys (so two keys never wait on each other).</summary>
    public string FlowSequence => $"{Prefix}flow:seq";
}
