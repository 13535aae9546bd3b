using Hangfire.States;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A job that fails inside Hangfire's own pipeline, before our code runs (the fault suite's lost occurrences: reading the
/// job parameter <c>CurrentCulture</c> failed; the worker no longer makes that read, a user's filter may). The job method
/// allows no Hangfire retry, so such a job used to end Failed with its occurrence never run and nothing re-queueing it.
/// Reproduced by a server filter whose parameter read fails (<see cref="FaultyParameterFilter"/>).
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class PipelineFailureTests
{
    [Fact]
    public async Task Job_failing_in_hangfires_pipeline_before_the_task_runs_is_handed_back_and_the_occurrence_runs_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-pipeline");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("pipeline"), "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis);
        // What a failed read looks like to a filter reading a job parameter: a value it cannot get.
        await db.HashSetAsync(hangfire.Job(jobId), FaultyParameterFilter.Parameter, "{unreadable");

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, configureWorker: FaultyParameterFilter.AddTo);
        await Eventually.WaitAsync(() => db.HashGetAsync(hangfire.Job(jobId), "SchedulerPipelineRetries"), v => v.HasValue,
            TimeSpan.FromSeconds(30), "the failed job to be handed back");
        Assert.Empty(await client.GetRunsAsync(task.Id));
        // The fault passes (Redis answers again): the parameter reads.
        await db.HashDeleteAsync(hangfire.Job(jobId), FaultyParameterFilter.Parameter);

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the occurrence to run");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Succeeded), (run.Attempt, run.Outcome));
        await Eventually.WaitAsync(() => db.HashGetAsync(hangfire.Job(jobId), "State"), s => s == SucceededState.StateName,
            TimeSpan.FromSeconds(10), "the job to end Succeeded");
        var history = await db.ListRangeAsync(hangfire.Job(jobId) + ":history");
        Assert.DoesNotContain(history, h => h.ToString().Contains("\"StateName\":\"Failed\"", StringComparison.Ordinal));
        Assert.Contains(history, h => h.ToString().Contains("handed back 1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Job_whose_pipeline_keeps_failing_ends_failed_after_the_bounded_hand_backs()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-pipeline-bound");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("pipeline"), "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis);
        await db.HashSetAsync(hangfire.Job(jobId), FaultyParameterFilter.Parameter, "{unreadable");
        // Most hand-backs already spent, so the bound is reached in seconds.
        await db.HashSetAsync(hangfire.Job(jobId), "SchedulerPipelineRetries", "4");

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, configureWorker: FaultyParameterFilter.AddTo);
        await Eventually.WaitAsync(() => db.HashGetAsync(hangfire.Job(jobId), "State"), s => s == FailedState.StateName,
            TimeSpan.FromSeconds(30), "the job to end Failed");
        Assert.Equal("5", (string?)await db.HashGetAsync(hangfire.Job(jobId), "SchedulerPipelineRetries"));
        Assert.Empty(await client.GetRunsAsync(task.Id));
    }
}
