using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Execution;

internal sealed partial class TaskExecutor
{
    private static string OutcomeEvent(TaskRun run) =>
        run.Outcome switch
        {
            RunOutcome.Succeeded => SchedulerEvents.Success,
            RunOutcome.Skipped => SchedulerEvents.Skipped,
            RunOutcome.Cancelled => SchedulerEvents.Stopped,
            _ => run.IsFinal ? SchedulerEvents.Failure : SchedulerEvents.Retry,
        };

    // Events are sent fire-and-forget and queued by the connection while Redis is away; one that cannot even be queued
    // is lost (logged), never the run: listeners fall back to the history.
    private void Publish(string type, string taskId, IEnumerable<KeyValuePair<string, string>>? data = null)
    {
        try { _ = events.PublishAsync(type, taskId, data); }
        catch (Exception e) when (Bookkeeping.IsTransient(e)) { LogEventLost(type, taskId, e.Message); }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Type} of task {TaskId} not published: {Reason}")]
    private partial void LogEventLost(string type, string taskId, string reason);
}
