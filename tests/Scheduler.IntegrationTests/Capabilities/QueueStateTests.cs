using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Runs;

namespace Scheduler.IntegrationTests.Capabilities;

/// <summary>
/// What waits in each queue and who serves it (Celery's <c>inspect active_queues</c>, Flower's broker page), through the
/// client, <c>scheduler queues</c> and <c>GET /api/queues</c>, read where the live workers' Hangfire storage keeps them.
/// </summary>
public sealed class QueueStateTests
{
    private static readonly Dictionary<string, string?> TwoQueues = new()
    {
        ["Scheduler:Worker:Queues:0"] = "default",
        ["Scheduler:Worker:Queues:1"] = "reports",
    };

    [Fact]
    public async Task Queues_show_runs_waiting_with_no_worker_then_runs_taken_and_the_workers_serving_each()
    {
        await using var redis = await RedisTestContext.CreateAsync("queues");
        var client = redis.CreateClient(verifyWorkers: false);
        var before = DateTimeOffset.UtcNow;
        // Beat alone fires the run; no worker takes it.
        await using (await InProcessSystem.StartAsync(redis, workers: 0))
        {
            await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("waits"), "in:1s");
            var waiting = Assert.Single(await Eventually.WaitAsync(() => client.GetQueuesAsync(), q => q.Sum(x => x.Waiting) > 0, TaskRuns.Patience, "the run fired"));
            Assert.Equal(("default", 1L, 0L), (waiting.Name, waiting.Waiting, waiting.Taken));
            Assert.InRange(waiting.OldestWaitingSince!.Value, before, DateTimeOffset.UtcNow);
            Assert.Empty(waiting.Workers);
            var unserved = await InProcessCli.RunAsync(redis, "queues");
            Assert.True(unserved.Code == 0, unserved.Err);
            Assert.Matches(@"default\s+1\s+0\s+(now|\d+ s ago)\s+none: its runs wait until a worker serves it", unserved.Out);
        }

        await using var system = await InProcessSystem.StartAsync(redis, settings: TwoQueues);
        using var dir = TestPaths.CreateTempDirectory("queues");
        try
        {
            var task = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "in:1s");
            await TaskRuns.WaitRunningAsync(client, task.Id);
            var queues = await Eventually.WaitAsync(() => client.GetQueuesAsync(),
                q => q.Count == 2 && q[0].Workers.Count > 0 && q[0] is { Waiting: 0, Taken: 1 }, TaskRuns.Patience, "the long run taken from default");
            Assert.Equal(["default", "reports"], queues.Select(q => q.Name));
            Assert.Null(queues[0].OldestWaitingSince);
            Assert.Equal(queues[0].Workers, queues[1].Workers);

            var cli = await InProcessCli.RunAsync(redis, "queues", "--json");
            Assert.Equal(["default", "reports"], JsonDocument.Parse(cli.Out).RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()));
            await using var dashboard = await InProcessDashboard.StartAsync(redis);
            var api = await dashboard.Http.GetFromJsonAsync<JsonElement[]>("/api/queues");
            Assert.Equal(queues[0].Workers, api![0].GetProperty("workers").EnumerateArray().Select(w => w.GetString()));
            Assert.Equal(1, api[0].GetProperty("taken").GetInt64());
            await client.CancelAsync(task.Id);
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task Runs_waiting_in_a_queue_no_live_worker_serves_make_health_degraded_though_every_process_is_alive()
    {
        await using var redis = await RedisTestContext.CreateAsync("queues-health");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await Eventually.WaitAsync(() => InProcessCli.RunAsync(redis, "health"), r => r.Code == 0, TaskRuns.Patience, "a healthy system");

        var stranded = await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("stranded"), "in:1s", new ScheduleOptions { Queue = "reprots" });
        await Eventually.WaitAsync(() => client.GetQueuesAsync(), q => q.Any(x => x is { Name: "reprots", Waiting: 1 }), TaskRuns.Patience, "the run waiting in reprots");

        var cli = await InProcessCli.RunAsync(redis, "health");
        Assert.Equal(1, cli.Code);
        Assert.Contains("degraded: redis reachable", cli.Out);
        Assert.Contains("but runs wait in queue reprots (1 since ", cli.Out);
        Assert.Contains("which no live worker serves", cli.Out);
        var json = JsonDocument.Parse((await InProcessCli.RunAsync(redis, "health", "--json")).Out).RootElement;
        Assert.False(json.GetProperty("healthy").GetBoolean());
        Assert.Equal("reprots", json.GetProperty("unservedQueues")[0].GetProperty("name").GetString());
        var api = await dashboard.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("degraded", api.GetProperty("status").GetString());
        Assert.Equal(1, api.GetProperty("unservedQueues")[0].GetProperty("waiting").GetInt64());
        Assert.Contains("no live worker serves", api.GetProperty("problem").GetString());

        // Its task cancelled, then another's deleted: their runs need no worker, and the system is healthy again.
        await client.CancelAsync(stranded.Id);
        var other = await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("stranded too"), "in:1s", new ScheduleOptions { Queue = "reprots" });
        await Eventually.WaitAsync(() => client.GetQueuesAsync(), q => q.Any(x => x is { Name: "reprots", Waiting: 2 }), TaskRuns.Patience, "both runs waiting in reprots");
        var oneLeft = await InProcessCli.RunAsync(redis, "health");
        Assert.Equal(1, oneLeft.Code);
        Assert.Contains("but runs wait in queue reprots (1 since ", oneLeft.Out);
        Assert.Equal(1, Assert.Single((await client.GetQueuesAsync()).Where(q => q.Name == "reprots")).Abandoned);
        await client.DeleteAsync(other.Id);
        Assert.Equal(2, Assert.Single((await client.GetQueuesAsync()).Where(q => q.Name == "reprots")).Abandoned);
        var healthy = await InProcessCli.RunAsync(redis, "health");
        Assert.True(healthy.Code == 0, healthy.Out + healthy.Err);
        Assert.Equal("healthy", (await dashboard.Http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_low_priority_lane_is_shown_served_by_the_workers_of_its_queue()
    {
        await using var redis = await RedisTestContext.CreateAsync("queues-low");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis, settings: TwoQueues);
        var task = await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("low"), "in:1s",
            new ScheduleOptions { Queue = "reports", Priority = Contracts.Flow.TaskPriority.Low });
        await TaskRuns.UntilFinalAsync(client, task.Id);

        var queues = await Eventually.WaitAsync(() => client.GetQueuesAsync(), q => q.Any(x => x.Name == "reports-low"), TaskRuns.Patience, "the low lane listed");
        var low = queues.Single(q => q.Name == "reports-low");
        Assert.NotEmpty(low.Workers);
        Assert.Equal(queues.Single(q => q.Name == "reports").Workers, low.Workers);
    }
}
