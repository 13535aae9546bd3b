using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>What a failed run leaves in its Hangfire job's Failed state, which Hangfire's dashboard shows to every role.</summary>
public sealed class FailedJobStateTests
{
    [Fact]
    public async Task A_failed_runs_job_names_the_run_and_carries_no_stack_trace()
    {
        await using var redis = await RedisTestContext.CreateAsync("failed-job-state");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var run = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast() }));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        var hangfire = new HangfireJobs(redis);
        var jobId = await hangfire.JobIdAsync(run);
        Assert.Equal("Failed", (await hangfire.FinalStateAsync(jobId)).Name);
        using var connection = hangfire.Storage.GetConnection();
        var data = connection.GetStateData(jobId).Data;
        Assert.Equal($"task {run.TaskId} run {run.RunId} ended Failed", data["ExceptionMessage"]);
        Assert.Equal($"Scheduler.Worker.Execution.TaskRunFailedException: task {run.TaskId} run {run.RunId} ended Failed", data["ExceptionDetails"].Trim());
    }
}
