using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

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
    public static async Task<IReadOnlyList<Group>> OfAsync(IDatabase redis, HangfireKeys keys, IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count == 0) return [new Group(null, [], [])];
        // A batch action may select thousands of jobs: Hangfire's GetJobData would read them one round trip each. Sent as
        // one batch, every read goes out at once and the answers come back together.
        var batch = redis.CreateBatch();
        var reads = jobIds.Select(id => batch.HashGetAllAsync(keys.Job(id))).ToArray();
        batch.Execute();
        var jobs = await Task.WhenAll(reads);
        return [.. jobIds
            .Select((id, i) => (JobId: id, Run: OccurrenceOf(jobs[i])))
            .GroupBy(job => job.Run?.TaskId)
            .Select(group => new Group(group.Key, [.. group.Select(j => j.JobId)],
                [.. group.Select(j => j.Run?.RunId).OfType<string>()]))];
    }

    // A job that no longer exists, or whose type or method this process cannot load (occurrences always load here), is
    // no occurrence of a task: recorded by its id alone. StoredJob decodes the hash as the storage's GetJobData does.
    private static (string TaskId, string RunId)? OccurrenceOf(HashEntry[] fields) =>
        StoredJob.Read(fields)?.Job is { Args: [string taskId, string runId, ..] } job && job.Type == typeof(ITaskOccurrenceRunner)
            ? (taskId, runId) : null;
}
