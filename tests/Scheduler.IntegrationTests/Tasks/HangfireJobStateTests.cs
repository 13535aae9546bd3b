using Hangfire;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// How a run a user cancelled shows in Hangfire: Deleted (Hangfire's "cancelled by a user") with the cancel as its reason,
/// never among the failures; a requeue from the dashboard does not run it again.
/// </summary>
public sealed class HangfireJobStateTests
{
    private static ShellTask LongCommand(string pidFile) =>
        new("sleep 60 & echo $! > \"$1\"; wait", [pidFile], UseShell: true) { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) };

    [Fact]
    public async Task Cancelling_a_running_task_ends_its_Hangfire_job_Deleted_with_the_cancel_as_reason_not_Failed()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-cancel");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("hf-cancel");
        var client = redis.CreateClient();
        var hangfire = new HangfireJobs(redis);
        var pid = 0;
        try
        {
            var scheduled = await TaskRuns.StartAsync(client, LongCommand(dir.File("pid")));
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));
            Assert.True(await client.CancelAsync(scheduled.Id));
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id));

            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            var state = await hangfire.FinalStateAsync(run);
            Assert.Equal("Deleted", state.Name);
            Assert.StartsWith("Cancelled: ", state.Reason);
            Assert.Contains($"task {scheduled.Id} was cancelled while running", state.Reason);
            Assert.Equal(0, hangfire.Monitoring.FailedCount());
            Assert.Equal(1, hangfire.Monitoring.DeletedListCount());
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }

    [Fact]
    public async Task Requeueing_the_job_of_a_cancelled_run_does_not_run_the_task_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-requeue");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("hf-requeue");
        var client = redis.CreateClient();
        var hangfire = new HangfireJobs(redis);
        var pid = 0;
        try
        {
            var scheduled = await TaskRuns.StartAsync(client, LongCommand(dir.File("pid")));
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));
            Assert.True(await client.CancelAsync(scheduled.Id));
            var jobId = await hangfire.JobIdAsync(Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id)));
            Assert.Equal("Deleted", (await hangfire.FinalStateAsync(jobId)).Name);

            // What the dashboard's Requeue button does; the run ledger knows the run is done, so the job ends at once.
            Assert.True(new BackgroundJobClient(hangfire.Storage).Requeue(jobId));
            Assert.Equal("Succeeded", (await hangfire.FinalStateAsync(jobId)).Name);

            var run = Assert.Single(await client.GetRunsAsync(scheduled.Id));
            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync(scheduled.Id))!.Status);
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }
}
