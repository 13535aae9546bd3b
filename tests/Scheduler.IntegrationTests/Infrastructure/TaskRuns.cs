using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>Schedules one task to run now-ish and waits for its recorded attempts.</summary>
public static class TaskRuns
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Fast test policy: short timeouts and a 100 ms backoff so retries do not slow the suite.</summary>
    public static ExecutionPolicy Fast(int retries = 0, double softSeconds = 10, double hardSeconds = 20) =>
        new(MaxRetries: retries, BackoffBase: TimeSpan.FromMilliseconds(100), BackoffMax: TimeSpan.FromMilliseconds(200),
            SoftTimeout: TimeSpan.FromSeconds(softSeconds), HardTimeout: TimeSpan.FromSeconds(hardSeconds));

    public static Task<ScheduledTask> StartAsync(SchedulerClient client, TaskDefinition task) => client.ScheduleAsync(task, "in 1 second");

    /// <summary>Every attempt of the task's first occurrence, oldest first, once the final one is recorded.</summary>
    public static async Task<IReadOnlyList<TaskRun>> UntilFinalAsync(SchedulerClient client, string taskId, TimeSpan? timeout = null)
    {
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(taskId), r => r.Any(x => x.IsFinal), timeout ?? Patience, $"the final attempt of {taskId}");
        return [.. runs.OrderBy(r => r.Attempt)];
    }

    /// <summary>Schedules <paramref name="task"/> and returns its attempts once the final one is recorded.</summary>
    public static async Task<IReadOnlyList<TaskRun>> RunAsync(SchedulerClient client, TaskDefinition task, TimeSpan? timeout = null)
    {
        var scheduled = await StartAsync(client, task);
        return await UntilFinalAsync(client, scheduled.Id, timeout);
    }

    /// <summary>A final, succeeded attempt of <paramref name="runId"/> as a worker records it, for tests that write outcomes themselves.</summary>
    public static TaskRun FinalSuccess(string runId, string taskId, string workerId = "worker-a", int attempt = 1) => new()
    {
        RunId = runId, TaskId = taskId, Attempt = attempt, WorkerId = workerId, StartedAt = DateTimeOffset.UtcNow,
        FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
    };

    /// <summary>Waits until an attempt of the task has started (the task is running).</summary>
    public static Task WaitRunningAsync(SchedulerClient client, string taskId) =>
        Eventually.WaitAsync(async () => (await client.GetAsync(taskId))?.Status == ScheduleStatus.Running, Patience, $"{taskId} to start running");
}
