namespace Scheduler.Contracts.Scheduling.Triggers;

/// <summary>
/// Refuses a chain of <c>after:</c> specs that leads back to where it started (A after B after A): each run of one task
/// would start the next forever. Each task has one spec, so the chain from a task is a path: follow it until it ends.
/// </summary>
public static class TriggerCycles
{
    private const int MaxChain = 10_000;

    /// <summary>
    /// Checks that task <paramref name="taskId"/> running after <paramref name="afterTask"/> closes no cycle.
    /// <paramref name="afterOf"/> gives the task a task runs after (null when it has no <c>after:</c> spec or does not exist).
    /// </summary>
    /// <exception cref="ScheduleSpecException">It would: the message names the whole cycle.</exception>
    public static async Task CheckAsync(string taskId, string afterTask, Func<string, Task<string?>> afterOf)
    {
        var path = new List<string> { taskId };
        var seen = new HashSet<string>(StringComparer.Ordinal) { taskId };
        for (string? current = afterTask; current is not null; current = await afterOf(current))
        {
            path.Add(current);
            if (current == taskId)
                throw new ScheduleSpecException(
                    $"\"after:{afterTask}\" would make a cycle: {string.Join(" after ", path)}; a task cannot be triggered, directly or through others, by its own runs", $"after:{afterTask}");
            // An older cycle among other tasks (written around this check) must not loop here.
            if (!seen.Add(current) || path.Count > MaxChain) return;
        }
    }
}
