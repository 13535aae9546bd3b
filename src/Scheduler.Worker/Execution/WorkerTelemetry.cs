using System.Diagnostics;
using System.Diagnostics.Metrics;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Telemetry;

namespace Scheduler.Worker.Execution;

/// <summary>The worker's trace source and meter: one span per occurrence, one per attempt, counters by task type.</summary>
internal static class WorkerTelemetry
{
    public static readonly ActivitySource Source = new(TelemetryNames.Worker);
    private static readonly Meter Meter = new(TelemetryNames.Worker);
    private static readonly Counter<long> Started = Meter.CreateCounter<long>(TelemetryNames.TasksStarted, "{attempt}", "Attempts started");
    private static readonly Counter<long> Succeeded = Meter.CreateCounter<long>(TelemetryNames.TasksSucceeded, "{attempt}", "Attempts that succeeded");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(TelemetryNames.TasksFailed, "{run}", "Runs that failed for good");
    private static readonly Counter<long> Retried = Meter.CreateCounter<long>(TelemetryNames.TasksRetried, "{attempt}", "Attempts that will be retried");
    private static readonly Counter<long> TimedOut = Meter.CreateCounter<long>(TelemetryNames.TasksTimedOut, "{attempt}", "Attempts that timed out");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(TelemetryNames.TaskDuration, "s", "Attempt duration");

    public static void AttemptStarted(string taskType) => Started.Add(1, Type(taskType));

    public static void AttemptEnded(TaskRun run, string taskType)
    {
        var type = Type(taskType);
        Duration.Record(run.Duration.TotalSeconds, type, new KeyValuePair<string, object?>(TelemetryNames.OutcomeTag, run.Outcome.ToString().ToLowerInvariant()));
        if (run.Outcome == RunOutcome.Succeeded) Succeeded.Add(1, type);
        else if (run.IsFinal) Failed.Add(1, type);
        else Retried.Add(1, type);
        if (run.Outcome == RunOutcome.TimedOut) TimedOut.Add(1, type);
    }

    private static KeyValuePair<string, object?> Type(string taskType) => new(TelemetryNames.TaskTypeTag, taskType);
}
