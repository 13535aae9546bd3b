namespace Scheduler.Runtime.Storage;

/// <summary>
/// What overlap cancelPrevious publishes on the task-replaced channel with a fire that stands
/// (<see cref="FiringScripts.CommitFires"/>, <see cref="TriggerFiringScripts.Reserve"/>): "taskId\ncount\nrunId", the
/// task's replaced-runs count after this replace and the id of the run that replaces. A worker stops the runs claimed
/// under a lower count, and those claimed under this count that are not the replacing run (they were fired before it and
/// claimed after the raise, at a flow gate say); never the replacing run, which it may have claimed before the raise. Due instants cannot order the runs: a trigger's
/// run is due when its trigger happened, and Beat fires the triggers of one round side by side, a later one first at times.
/// </summary>
internal static class ReplaceMessage
{
    /// <summary>
    /// Reads a message; a bare task id (published by a Beat from before the count and run were sent) stops every
    /// claimed run and leaves unclaimed ones to the sweep. Null when the message names no task.
    /// </summary>
    public static (string TaskId, long ReplacedRuns, string? ReplacingRunId)? TryParse(string? message)
    {
        if (string.IsNullOrEmpty(message)) return null;
        var parts = message.Split('\n');
        if (parts.Length == 1) return (message, long.MaxValue, null);
        if (parts.Length != 3 || parts[0].Length == 0 || !long.TryParse(parts[1], out var count) || parts[2].Length == 0) return null;
        return (parts[0], count, parts[2]);
    }
}
