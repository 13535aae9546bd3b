using System.Globalization;
using System.Text.Json;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A run its worker claimed but has not started (overlap queue: it waits behind the run of its task before it) is listed
/// as waiting to start on that worker, not as running since its claim: by the client, REST, the Workers page, and the
/// CLI's <c>info</c> and <c>active</c>; once its attempt starts, it is listed running.
/// </summary>
public sealed partial class WorkersPageTests
{
    [Fact]
    public async Task A_run_claimed_behind_the_run_before_it_is_listed_waiting_to_start_on_its_worker_until_its_attempt_starts()
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page-waiting");
        var client = redis.CreateClient(verifyWorkers: false);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("queued behind"), "every 1 hour", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (running, waiting) = ($"{task.Id}:{now - 2000}", $"{task.Id}:{now - 1000}");
        await CommittedFires.MarkAsync(redis, (running, "job-running"), (waiting, "job-waiting"));
        // The worker's own claims: the first run starts; the second finds its task running, so it waits behind it.
        await store.BeginRunAsync(running, "job-running", "worker-a", task.Id, startedEvent: "started");
        await store.MarkAttemptStartedAsync(running, 1);
        var behind = await store.BeginRunAsync(waiting, "job-waiting", "worker-a", task.Id, startedEvent: "started");
        Assert.False(behind.StartAnnounced);

        var listed = await client.GetRunsInProgressAsync(task.Id);
        Assert.Equal([(running, false), (waiting, true)], listed.Select(r => (r.RunId, r.WaitingToStart)));
        Assert.Equal(listed, (await client.GetAllRunsInProgressAsync()).Select(r => r.Run));
        var claimedAt = listed[1].StartedAt;

        await using (var dashboard = await InProcessDashboard.StartAsync(redis))
        {
            var html = await dashboard.Http.GetStringAsync("/scheduler/workers");
            var waitingRow = Row(html, "run-in-progress", "data-run-id", waiting);
            Assert.Equal($"waiting to start on worker-a (claimed {PageTime(claimedAt)})", Cell(waitingRow, "run-started"));
            Assert.Equal(PageTime(listed[0].StartedAt), Cell(Row(html, "run-in-progress", "data-run-id", running), "run-started"));
            var api = JsonDocument.Parse(await dashboard.Http.GetStringAsync("/api/runs/in-progress")).RootElement;
            Assert.Equal([(running, false), (waiting, true)], api.EnumerateArray()
                .Select(r => (r.GetProperty("run").GetProperty("runId").GetString(), r.GetProperty("run").GetProperty("waitingToStart").GetBoolean())));
        }
        var info = await InProcessCli.RunAsync(redis, "info", task.Id);
        Assert.Contains($"in progress: {waiting}, attempt 1 waiting to start on worker-a (claimed {Formatting.Instant(claimedAt)})", info.Out);
        Assert.Contains($"in progress: {running}, attempt 1 on worker-a since", info.Out);
        var active = await InProcessCli.RunAsync(redis, "active");
        Assert.Single(active.Out.Split('\n'), line => line.Contains(waiting) && line.Contains("waiting to start (claimed"));

        // Its handler starts: from then on it is running, as the run before it.
        Assert.True(await store.MarkAttemptStartedAsync(waiting, 1, behind.ClaimToken ?? ""));
        Assert.All(await client.GetRunsInProgressAsync(task.Id), r => Assert.False(r.WaitingToStart));
        Assert.All(await client.GetAllRunsInProgressAsync(), r => Assert.False(r.Run.WaitingToStart));
    }

    [Fact]
    public async Task A_run_parked_for_its_retry_is_listed_waiting_for_it_with_its_due_time_not_as_started_then()
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page-parked");
        var client = redis.CreateClient(verifyWorkers: false);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("parked"), "every 1 hour");
        var runId = $"{task.Id}:{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()}";
        var due = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
        await CommittedFires.MarkAsync(redis, (runId, "job-1"));
        // The worker's claim, then its park of the failed attempt's retry: no worker holds the run until its job comes back.
        await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id, startedEvent: "started");
        await store.MarkAttemptStartedAsync(runId, 1);
        Assert.True(await store.ParkRunAsync(runId, "job-1", "worker-a", task.Id, 2, due));

        var parked = Assert.Single(await client.GetRunsInProgressAsync(task.Id));
        Assert.Equal((runId, 2, due, false), (parked.RunId, parked.Attempt, parked.RetryDueAt, parked.WaitingToStart));
        Assert.Equal(parked, Assert.Single(await client.GetAllRunsInProgressAsync()).Run);

        await using (var dashboard = await InProcessDashboard.StartAsync(redis))
        {
            var row = Row(await dashboard.Http.GetStringAsync("/scheduler/workers"), "run-in-progress", "data-run-id", runId);
            Assert.Equal($"waiting for retry (due {PageTime(due)})", Cell(row, "run-started"));
            Assert.Equal("2 to come", Cell(row, "run-attempt"));
            var api = Assert.Single(JsonDocument.Parse(await dashboard.Http.GetStringAsync("/api/runs/in-progress")).RootElement.EnumerateArray());
            Assert.Equal(due, api.GetProperty("run").GetProperty("retryDueAt").GetDateTimeOffset());
        }
        var active = await InProcessCli.RunAsync(redis, "active");
        Assert.Single(active.Out.Split('\n'), line => line.Contains(runId) && line.Contains("waiting for retry (due in") && line.Contains("2 to come"));
    }

    private static string PageTime(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
