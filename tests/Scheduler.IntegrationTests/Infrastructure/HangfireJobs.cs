using Hangfire;
using Hangfire.Storage;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>The Hangfire job behind a run, read through Hangfire's own storage API as its dashboard reads it.</summary>
public sealed class HangfireJobs(RedisTestContext redis)
{
    /// <summary>The method every occurrence job calls (<see cref="Runtime.Jobs.ITaskOccurrenceRunner.RunAsync"/>).</summary>
    public static readonly System.Reflection.MethodInfo OccurrenceRun =
        typeof(Runtime.Jobs.ITaskOccurrenceRunner).GetMethod(nameof(Runtime.Jobs.ITaskOccurrenceRunner.RunAsync))!;

    /// <summary>An occurrence job as Beat writes it (task "t1", run "t1:5" unless given), through Hangfire's client, enqueued to "default".</summary>
    public static string CreateOccurrenceJob(JobStorage storage, string taskId = "t1", string runId = "t1:5") => new BackgroundJobClient(storage).Create(
        new Hangfire.Common.Job(typeof(Runtime.Jobs.ITaskOccurrenceRunner), OccurrenceRun, taskId, runId, 5L, "name", null, null, CancellationToken.None),
        new Hangfire.States.EnqueuedState());
    /// <summary>
    /// The Processing state Hangfire's worker writes for <paramref name="serverId"/>'s thread <paramref name="workerId"/>
    /// (Hangfire keeps its constructor internal, for its Worker).
    /// </summary>
    public static Hangfire.States.ProcessingState NewProcessingState(string serverId, string workerId) =>
        (Hangfire.States.ProcessingState)Activator.CreateInstance(typeof(Hangfire.States.ProcessingState),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, [serverId, workerId], null)!;

    private static readonly string[] FinalStates = ["Succeeded", "Failed", "Deleted"];

    public JobStorage Storage { get; } = RedisServiceCollectionExtensions.CreateHangfireStorage(redis.Redis,
        new SchedulerRedisOptions { ConnectionString = redis.ConnectionString, HangfirePrefix = redis.HangfirePrefix });

    public IMonitoringApi Monitoring => Storage.GetMonitoringApi();

    /// <summary>The id of the Hangfire job that owns <paramref name="run"/>, from the run ledger.</summary>
    public async Task<string> JobIdAsync(TaskRun run)
    {
        var owner = await redis.Redis.GetDatabase().HashGetAsync(new RedisKeys(redis.KeyPrefix).Run(run.RunId), "owner");
        return owner.HasValue ? owner.ToString() : throw new InvalidOperationException($"run {run.RunId} has no owning job");
    }

    /// <summary>
    /// The job's state once it is final: the worker records the run before Hangfire's state change, so the job may
    /// still be Processing when the run is seen.
    /// </summary>
    public Task<JobState> FinalStateAsync(string jobId) =>
        Eventually.WaitAsync(() => Task.FromResult(StateOf(jobId)), s => FinalStates.Contains(s.Name), TaskRuns.Patience, $"job {jobId} to reach a final state");

    /// <summary>The final state of the Hangfire job that owns <paramref name="run"/>.</summary>
    public async Task<JobState> FinalStateAsync(TaskRun run) => await FinalStateAsync(await JobIdAsync(run));

    public JobState StateOf(string jobId)
    {
        using var connection = Storage.GetConnection();
        var state = connection.GetStateData(jobId);
        return new JobState(state?.Name, state?.Reason);
    }
}

/// <summary>A Hangfire job state's name and reason.</summary>
public sealed record JobState(string? Name, string? Reason);
