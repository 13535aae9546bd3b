using Hangfire;
using Scheduler.Runtime.Jobs;

namespace Scheduler.Dashboard.Audit;

/// <summary>
/// The Scheduler tasks behind Hangfire job ids: an occurrence job calls <see cref="ITaskOccurrenceRunner.RunAsync"/>
/// with the task id and the run id as its first two arguments (the worker reads them from there), so an action on it
/// can be audited under the task it touched.
/// </summary>
internal static class JobTasks
{
    /// <summary>One task's jobs and their runs; <see cref="TaskId"/> is null for jobs that are no task's occurrence (or no longer exist).</summary>
    public sealed record Group(string? TaskId, string[] JobIds, string[] RunIds);

    /// <summary><paramref name="jobIds"/> grouped by the task each is an occurrence of, in the order the tasks first appear.</summary>
    public static IReadOnlyList<Group> Of(JobStorage storage, IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count == 0) return [new Group(null, [], [])];
        using var connection = storage.GetConnection();
        return [.. jobIds
            .Select(id => (JobId: id, Run: OccurrenceOf(connection.GetJobData(id)?.Job)))
            .GroupBy(job => job.Run?.TaskId)
            .Select(group => new Group(group.Key, [.. group.Select(j => j.JobId)],
                [.. group.Select(j => j.Run?.RunId).OfType<string>()]))];
    }

    private static (string TaskId, string RunId)? OccurrenceOf(Hangfire.Common.Job? job) =>
        job is { Type: var type, Args: [string taskId, string runId, ..] } && type == typeof(ITaskOccurrenceRunner) ? (taskId, runId) : null;
}
