using System.Net;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// Deleting an occurrence's job on Hangfire's own dashboard, or with Hangfire's client in anyone's code
/// (<c>BackgroundJob.Delete</c>), is how a Hangfire user stops it: the run is stopped (its command killed) or, not
/// started yet, recorded cancelled by Beat's reconciler, and never re-queued against the deleter's wish; the task keeps
/// its schedule, and a one-shot, its only run stopped, ends cancelled.
/// </summary>
public sealed class HangfireDeleteStopsRunTests
{
    // Fired runs are looked at a second after their fire, by whichever Beat takes the (then one-second) reconcile pass.
    private static readonly Dictionary<string, string?> QuickReconcile = new()
    {
        ["Scheduler:Beat:ReconcileAfter"] = "00:00:01",
        ["Scheduler:Beat:StuckRunningCheckInterval"] = "00:00:01",
    };

    private static async Task DeleteOnHangfiresPageAsync(InProcessDashboard dashboard, string list, string jobId) =>
        await PostOnHangfiresPageAsync(dashboard, $"/hangfire/jobs/{list}/delete", jobId);

    private static async Task PostOnHangfiresPageAsync(InProcessDashboard dashboard, string path, string jobId) =>
        Assert.Equal(HttpStatusCode.NoContent, (await RemoteCaller.PostOnHangfirePageAsync(dashboard, path, jobId)).StatusCode);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_running_job_deleted_on_Hangfires_page_or_with_its_client_stops_its_run_which_is_recorded_cancelled_and_not_run_again(bool onThePage)
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-delete-running");
        await using var system = await InProcessSystem.StartAsync(redis, settings: QuickReconcile);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, RemoteCaller.Access());
        using var dir = TestPaths.CreateTempDirectory("hf-delete-running");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
            await TaskRuns.WaitRunningAsync(client, task.Id);
            var pids = await Eventually.WaitAsync(() => StopRunTests.PidsAsync(dir), p => p.Length == 2, TaskRuns.Patience, "the command's pids");
            var entry = Assert.Single(await redis.Redis.GetDatabase().HashGetAllAsync(new RedisKeys(redis.KeyPrefix).InFlight));
            var jobId = entry.Value.ToString().Split('|')[0];

            // On the page its user is named; with Hangfire's client (anyone's code) no one is: Hangfire records no one.
            if (onThePage) await DeleteOnHangfiresPageAsync(dashboard, "processing", jobId);
            else DeleteWithHangfiresClient(redis, jobId);

            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
            Assert.Equal((entry.Name.ToString(), 1, RunOutcome.Cancelled), (run.RunId, run.Attempt, run.Outcome));
            Assert.StartsWith($"stopped by {(onThePage ? "ops" : "whoever deleted its Hangfire job")}, the task going on", run.Error);
            Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(int.Parse(pid)), $"process {pid} of the stopped run still runs"));
            Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
            // Several reconcile periods later the deleted job's run has not been re-queued: one start, one record.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Single(await File.ReadAllLinesAsync(dir.File("runs")));
            Assert.Single(await client.GetRunsAsync(task.Id));
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task An_enqueued_job_deleted_on_Hangfires_page_is_recorded_cancelled_by_the_reconciler_instead_of_re_queued()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-delete-enqueued");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, RemoteCaller.Access());
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: QuickReconcile);

        await DeleteOnHangfiresPageAsync(dashboard, "enqueued", jobId);
        // Beat (no worker) reconciles the fired run whose job is Deleted.
        await using var beat = await InProcessSystem.StartAsync(redis, workers: 0, settings: QuickReconcile);

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        Assert.Equal("stopped by ops, the task going on: not started (its Hangfire job is Deleted)", run.Error);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
        var keys = new HangfireKeys(redis.HangfirePrefix);
        // Not re-queued: the queue holds only the deleted job's id (Hangfire leaves it there; a worker skips it).
        Assert.Equal([jobId], (await redis.Redis.GetDatabase().ListRangeAsync(keys.Queue("default"))).Select(v => v.ToString()));
        Assert.Equal("Deleted", (string?)await redis.Redis.GetDatabase().HashGetAsync(keys.Job(jobId), "State"));
    }

    [Fact]
    public async Task A_deleted_job_requeued_on_Hangfires_page_before_the_reconciler_looked_runs_after_all()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-delete-requeue");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, RemoteCaller.Access());
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: QuickReconcile);
        await DeleteOnHangfiresPageAsync(dashboard, "enqueued", jobId);

        await PostOnHangfiresPageAsync(dashboard, "/hangfire/jobs/deleted/requeue", jobId);
        await using var system = await InProcessSystem.StartAsync(redis, settings: QuickReconcile);

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
    }

    // What a user's own code does with Hangfire's client: no dashboard, so no one is named and no stop mark is set.
    private static void DeleteWithHangfiresClient(RedisTestContext redis, string jobId)
    {
        using var host = InProcessSystem.BuildBeat(redis);
        Assert.True(host.Services.GetRequiredService<IBackgroundJobClient>().Delete(jobId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_job_deleted_with_Hangfires_client_before_it_ran_is_recorded_stopped_not_re_queued(bool oneShot)
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-delete-client");
        var client = redis.CreateClient();
        var task = oneShot
            ? await client.ScheduleAsync(new NotificationTask("once"), "in:1s")
            : await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: QuickReconcile);

        DeleteWithHangfiresClient(redis, jobId);
        await using var beat = await InProcessSystem.StartAsync(redis, workers: 0, settings: QuickReconcile);

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        Assert.Equal("stopped by whoever deleted its Hangfire job, the task going on: not started (its Hangfire job is Deleted)", run.Error);
        Assert.Equal(oneShot ? ScheduleStatus.Cancelled : ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
        var keys = new HangfireKeys(redis.HangfirePrefix);
        Assert.Equal([jobId], (await redis.Redis.GetDatabase().ListRangeAsync(keys.Queue("default"))).Select(v => v.ToString()));
    }
}
