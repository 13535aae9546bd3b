namespace Scheduler.Runtime.Storage;

/// <summary>
/// What overlap cancelPrevious publishes on the task-replaced channel (<see cref="FiringScripts.CancelReplacedRuns"/>):
/// "taskId\ncount\ndueMs", the task's replaced-runs count after this replace and the replacing run's due instant (Unix
/// ms). A worker stops the runs claimed under a lower count, and, of those not yet claimed, the scheduled ones due before.
/// </summary>
internal static class ReplaceMessage
{
    /// <summary>
    /// Reads a message; a bare task id (published by a Beat from before the count and instant were sent) stops every
    /// claimed run and leaves unclaimed ones to the sweep. Null when the message names no task.
    /// </summary>
    public static (string TaskId, long ReplacedRuns, long ReplacingDueMs)? TryParse(string? message)
    {
        if (string.IsNullOrEmpty(message)) return null;
        var parts = message.Split('\n');
        if (parts.Length == 1) return (message, long.MaxValue, long.MinValue);
        if (parts.Length != 3 || parts[0].Length == 0 || !long.TryParse(parts[1], out var count) || !long.TryParse(parts[2], out var dueMs)) return null;
        return (parts[0], count, dueMs);
    }
}
