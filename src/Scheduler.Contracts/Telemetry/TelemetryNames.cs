namespace Scheduler.Contracts.Telemetry;

/// <summary>Every trace source, meter, instrument and tag name Scheduler emits, in one place.</summary>
public static class TelemetryNames
{
    /// <summary>Trace source and meter of the client library.</summary>
    public const string Contracts = "Scheduler.Contracts";
    /// <summary>Trace source and meter of Beat.</summary>
    public const string Beat = "Scheduler.Beat";
    /// <summary>Trace source and meter of the workers.</summary>
    public const string Worker = "Scheduler.Worker";
    /// <summary>Trace source and meter of the dashboard.</summary>
    public const string Dashboard = "Scheduler.Dashboard";

    /// <summary>All four, for subscribing.</summary>
    public static readonly IReadOnlyList<string> All = [Contracts, Beat, Worker, Dashboard];

    /// <summary>Tasks scheduled (counter).</summary>
    public const string TasksScheduled = "scheduler.task.scheduled";
    /// <summary>Occurrences fired by Beat (counter).</summary>
    public const string TasksFired = "scheduler.task.fired";
    /// <summary>Due instant to enqueue, in ms (histogram).</summary>
    public const string FireLateness = "scheduler.fire.lateness";
    /// <summary>Attempts started (counter).</summary>
    public const string TasksStarted = "scheduler.task.started";
    /// <summary>Attempts that succeeded (counter).</summary>
    public const string TasksSucceeded = "scheduler.task.succeeded";
    /// <summary>Runs that failed for good (counter).</summary>
    public const string TasksFailed = "scheduler.task.failed";
    /// <summary>Attempts that will be retried (counter).</summary>
    public const string TasksRetried = "scheduler.task.retried";
    /// <summary>Attempts that timed out (counter).</summary>
    public const string TasksTimedOut = "scheduler.task.timed_out";
    /// <summary>Attempt duration in seconds (histogram).</summary>
    public const string TaskDuration = "scheduler.task.duration";
    /// <summary>Schedules waiting in Beat's due index (gauge).</summary>
    public const string PendingSchedules = "scheduler.schedules.pending";
    /// <summary>Worker processes with a fresh heartbeat (gauge).</summary>
    public const string ActiveWorkers = "scheduler.workers.active";
    /// <summary>Jobs waiting in Hangfire's queues (gauge).</summary>
    public const string QueueLength = "scheduler.queue.length";

    /// <summary>Tag: the task type ("notification", "shell", ...).</summary>
    public const string TaskTypeTag = "scheduler.task.type";
    /// <summary>Tag: the task id.</summary>
    public const string TaskIdTag = "scheduler.task.id";
    /// <summary>Tag: the occurrence's run id.</summary>
    public const string RunIdTag = "scheduler.run.id";
    /// <summary>Tag: the attempt number.</summary>
    public const string AttemptTag = "scheduler.attempt";
    /// <summary>Tag: the attempt's outcome.</summary>
    public const string OutcomeTag = "scheduler.outcome";
}
