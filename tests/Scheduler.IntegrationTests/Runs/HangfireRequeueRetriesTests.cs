using System.Net;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Worker.Execution;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>"Requeue" of a failed occurrence's job on Hangfire's Failed page runs it again, as a retry of its run.</summary>
public sealed class HangfireRequeueRetriesTests
{
    [Fact]
    public async Task Requeue_on_Hangfires_failed_page_retries_the_failed_run_instead_of_marking_it_succeeded_unrun()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-requeue-failed");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, RemoteCaller.Access());
        using var dir = TestPaths.CreateTempDirectory("hf-requeue-failed");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("test", ["-f", dir.File("flag")]) { Execution = new ExecutionPolicy(MaxRetries: 0) }, "in:1s");
        var failed = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        var jobId = (string)(await redis.Redis.GetDatabase().HashGetAsync(new RedisKeys(redis.KeyPrefix).Run(failed.RunId), "owner"))!;

        await File.WriteAllTextAsync(dir.File("flag"), "fixed");
        Assert.Equal(HttpStatusCode.NoContent, (await RemoteCaller.PostOnHangfirePageAsync(dashboard, "/hangfire/jobs/failed/requeue", jobId)).StatusCode);

        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the retry to succeed");
        var retried = (await client.GetRunsAsync(task.Id)).Single(r => r.Attempt == 2);
        Assert.Equal((failed.RunId, RunOutcome.Succeeded, FailedJobRequeue.Actor), (retried.RunId, retried.Outcome, retried.Request?.By));
        Assert.Equal(ScheduleStatus.Completed, done!.Status);
    }
}
