using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// What a worker's cancel sweep reads of a task it runs: whether the task was cancelled or deleted (every run of it
/// stops), how many times overlap cancelPrevious cancelled its running runs (<see cref="RunStart.ReplacedRuns"/>:
/// a run claimed under a lower count stops) and the run the last of those was for (task field "replacingRun", null when
/// none was: that run goes on, even when claimed before its own raise).
/// </summary>
internal sealed record TaskCancelState(string TaskId, bool Stopped, long ReplacedRuns, string? ReplacingRunId)
{
    /// <summary>A count as stored; a task that never had a run replaced has none (0).</summary>
    public static long Count(RedisValue value) => value.IsNullOrEmpty ? 0 : long.TryParse((string?)value, out var count) ? count : 0;
}
