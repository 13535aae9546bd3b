using Hangfire.Common;
using Hangfire.Storage;
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

    // The fields of a job's hash that say what it calls, as Hangfire.Redis.StackExchange 1.12's GetJobData reads them
    // (HangfireKeys.Job names the hash); the same five in the same order as InvocationData's constructor takes them.
    private static readonly RedisValue[] InvocationFields = ["Type", "Method", "ParameterTypes", "Arguments", "Queue"];

    /// <summary><paramref name="jobIds"/> grouped by the task each is an occurrence of, in the order the tasks first appear.</summary>
    public static async Task<IReadOnlyList<Group>> OfAsync(IDatabase redis, HangfireKeys keys, IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count == 0) return [new Group(null, [], [])];
        // A batch action may select thousands of jobs: Hangfire's GetJobData would read them one round trip each. Sent as
        // one batch, every read goes out at once and the answers come back together.
        var batch = redis.CreateBatch();
        var reads = jobIds.Select(id => batch.HashGetAsync(keys.Job(id), InvocationFields)).ToArray();
        batch.Execute();
        var jobs = await Task.WhenAll(reads);
        return [.. jobIds
            .Select((id, i) => (JobId: id, Run: OccurrenceOf(jobs[i])))
            .GroupBy(job => job.Run?.TaskId)
            .Select(group => new Group(group.Key, [.. group.Select(j => j.JobId)],
                [.. group.Select(j => j.Run?.RunId).OfType<string>()]))];
    }

    private static (string TaskId, string RunId)? OccurrenceOf(RedisValue[] fields)
    {
        // No such job (deleted for good, expired): recorded by its id alone.
        if (fields[0].IsNull) return null;
        Job job;
        try { job = new InvocationData(fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!).DeserializeJob(); }
        // A job whose type or method this process cannot load is no occurrence of a task: those always load here.
        catch (JobLoadException) { return null; }
        return job is { Args: [string taskId, string runId, ..] } && job.Type == typeof(ITaskOccurrenceRunner) ? (taskId, runId) : null;
    }
}
