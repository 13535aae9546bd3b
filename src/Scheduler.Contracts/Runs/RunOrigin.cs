namespace Scheduler.Contracts.Runs;

/// <summary>What made a run, from the form of its id; a retry or backfill by hand is <see cref="RunDetail.Request"/>.</summary>
public enum RunOrigin
{
    /// <summary>An occurrence of the schedule ("&lt;taskId&gt;:&lt;dueMs&gt;"), fired by Beat or by a backfill.</summary>
    Schedule,
    /// <summary>A run asked for now ("&lt;taskId&gt;:t&lt;ms&gt;"): <c>scheduler trigger</c>, <c>POST /api/tasks/{id}/trigger</c>.</summary>
    RunNow,
    /// <summary>A run of a trigger task ("&lt;taskId&gt;:e&lt;n&gt;"), started by an event or another task's outcome.</summary>
    Trigger,
}
