using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Runs;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The Workers page: the live workers and what they run, each queue with who serves it, and the runs in progress across
/// all tasks, against a real worker and beat; what it says when none is alive, and that Redis's text stays text.
/// </summary>
public sealed partial class WorkersPageTests
{
    private const string Hostile = "<script>alert(1)</script>";

    private static readonly Dictionary<string, string?> TwoQueues = new()
    {
        ["Scheduler:Worker:Queues:0"] = "default",
        ["Scheduler:Worker:Queues:1"] = "reports",
    };

    [Fact]
    public async Task A_live_worker_shows_its_host_process_queues_and_types_and_its_run_in_progress_links_to_its_task()
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis, settings: TwoQueues);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("workers-page");
        try
        {
            var task = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "in:1s");
            await TaskRuns.WaitRunningAsync(client, task.Id);
            var worker = Assert.Single(await client.GetWorkerCapabilitiesAsync());
            var run = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count == 1, TaskRuns.Patience, "the run in progress"));
            await Eventually.WaitAsync(async () => (await client.GetQueuesAsync()).Single(q => q.Name == "default").Taken == 1, TaskRuns.Patience, "the run taken");

            var html = await dashboard.Http.GetStringAsync("/scheduler/workers");

            var row = Row(html, "worker-row", "data-worker", worker.WorkerId);
            Assert.Equal(worker.WorkerId, Cell(row, "worker-id"));
            Assert.Equal(Environment.MachineName.ToLowerInvariant(), Cell(row, "worker-host"));
            Assert.Equal(Environment.ProcessId.ToString(), Cell(row, "worker-process"));
            Assert.Matches(@"^(now|\d+ s ago)$", Cell(row, "worker-heartbeat"));
            Assert.Equal("default, reports", Cell(row, "worker-queues"));
            Assert.Equal(string.Join(", ", worker.TaskTypes), Cell(row, "worker-types"));
            Assert.Contains("shell", Cell(row, "worker-types"));
            Assert.Equal(string.Join(", ", worker.NotificationChannels), Cell(row, "worker-channels"));
            Assert.Equal(string.Join(", ", worker.MethodCallAssemblies!), Cell(row, "worker-method-calls"));
            Assert.DoesNotContain("data-testid=\"no-workers\"", html);

            var queue = Row(html, "queue-row", "data-queue", "default");
            Assert.Equal(("0", "1"), (Cell(queue, "queue-waiting"), Cell(queue, "queue-taken")));
            Assert.Equal(worker.WorkerId, Cell(queue, "queue-workers"));
            Assert.DoesNotContain("class=\"danger\"", queue);
            Assert.DoesNotContain("data-testid=\"queues-unserved\"", html);

            var inProgress = Row(html, "run-in-progress", "data-run-id", run.RunId);
            Assert.Contains($"href=\"/scheduler/schedules/{task.Id}\">{task.Id}</a>", inProgress);
            Assert.Equal((run.RunId, run.WorkerId, "1"), (Cell(inProgress, "run-id"), Cell(inProgress, "run-worker"), Cell(inProgress, "run-attempt")));
            Assert.Equal(run.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), Cell(inProgress, "run-started"));
            var acrossTasks = Assert.Single(await client.GetAllRunsInProgressAsync());
            Assert.Equal((task.Id, run), (acrossTasks.TaskId, acrossTasks.Run));

            // The same list over REST and from the CLI (Celery's inspect active).
            var api = System.Text.Json.JsonDocument.Parse(await dashboard.Http.GetStringAsync("/api/runs/in-progress")).RootElement;
            var listed = Assert.Single(api.EnumerateArray());
            Assert.Equal((task.Id, run.RunId, run.WorkerId), (listed.GetProperty("taskId").GetString(), listed.GetProperty("run").GetProperty("runId").GetString(),
                listed.GetProperty("run").GetProperty("workerId").GetString()));
            var (code, output, _) = await InProcessCli.RunAsync(redis, "active");
            Assert.Equal(0, code);
            Assert.Matches($@"(?m)^{Regex.Escape(task.Id)}\s+{Regex.Escape(run.RunId)}\s+{Regex.Escape(run.WorkerId)}\s+.+\s1\s*$", output);
            await client.CancelAsync(task.Id);
            await Eventually.WaitAsync(() => client.GetAllRunsInProgressAsync(), r => r.Count == 0, TaskRuns.Patience, "no run in progress");
            Assert.Equal("No run is in progress.", (await InProcessCli.RunAsync(redis, "active")).Out.Trim());
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task With_no_live_worker_the_page_says_runs_wait_and_marks_the_queue_holding_them_unserved()
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page-none");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("waits"), "in:1s");
        await InProcessSystem.FireIntoQueueAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var html = await dashboard.Http.GetStringAsync("/scheduler/workers");

        Assert.Contains("data-testid=\"no-workers\">No worker is alive: none has sent a heartbeat in the last 30 seconds. "
            + "No run starts until one does: fired runs wait in their queues.</p>", html);
        Assert.DoesNotContain("data-testid=\"worker-row\"", html);
        var queue = Row(html, "queue-row", "data-queue", "default");
        Assert.Contains("class=\"danger\"", queue);
        Assert.Equal(("1", "0"), (Cell(queue, "queue-waiting"), Cell(queue, "queue-taken")));
        Assert.Equal("no live worker serves it", Cell(queue, "queue-workers"));
        Assert.Contains("data-testid=\"queues-unserved\">Runs wait in queue(s) no live worker serves: default.", html);
        Assert.Contains("data-testid=\"no-runs-in-progress\">No run is in progress.</p>", html);
    }

    [Fact]
    public async Task Worker_ids_queues_capabilities_and_run_ids_from_redis_render_as_text_not_markup()
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page-escape");
        var keys = new RedisKeys(redis.KeyPrefix);
        var workerId = await AdvertiseAsync(redis, keys, "worker:<b>host</b>:42:abc", Hostile);
        var startedMs = DateTimeOffset.UtcNow.AddSeconds(-3).ToUnixTimeMilliseconds();
        await redis.Redis.GetDatabase().HashSetAsync(keys.InFlight, "<i>t</i>:1", $"7|{workerId}|<i>t</i>|2|{startedMs}");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var html = await dashboard.Http.GetStringAsync("/scheduler/workers");

        Assert.DoesNotContain(Hostile, html);
        Assert.DoesNotContain("<b>host</b>", html);
        Assert.DoesNotContain("<i>t</i>", html);
        Assert.DoesNotContain("<img", html);
        var row = Row(html, "worker-row", "data-worker", workerId);
        Assert.Contains("data-testid=\"worker-host\">&lt;b&gt;host&lt;/b&gt;</td>", row);
        Assert.Equal("42", Cell(row, "worker-process"));
        Assert.Contains("data-testid=\"worker-queues\">&lt;script&gt;alert(1)&lt;/script&gt;</td>", row);
        Assert.Equal("<img src=x onerror=alert(2)> (go)", Cell(row, "worker-plugins"));
        Assert.Equal("<u>tool</u>; environment: TOKEN_*", Cell(row, "worker-shell"));
        // Each MCP server with the tools it listed; one not listed is named as such (its tool names go unchecked).
        Assert.Equal("web (<i>echo</i>, fail), <s>files</s> (tools not listed)", Cell(row, "worker-mcp"));
        Assert.Contains("data-testid=\"worker-method-calls\">&lt;b&gt;MyApp&lt;/b&gt;, sample</td>", row);
        Assert.Matches(@"^([3-9]|1\d) s ago$", Cell(row, "worker-heartbeat"));
        Assert.Equal(workerId, Cell(Row(html, "queue-row", "data-queue", Hostile), "queue-workers"));
        var run = Row(html, "run-in-progress", "data-run-id", "<i>t</i>:1");
        Assert.Contains("href=\"/scheduler/schedules/%3Ci%3Et%3C%2Fi%3E\">&lt;i&gt;t&lt;/i&gt;</a>", run);
        Assert.Equal(("2", workerId), (Cell(run, "run-attempt"), Cell(run, "run-worker")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/hangfire")]
    public async Task The_workers_page_is_in_both_dashboard_mounts_and_linked_from_the_navigation(string root)
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page-nav");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var home = await dashboard.Http.GetStringAsync(root + "/");
        var page = await dashboard.Http.GetStringAsync(root + "/scheduler/workers");

        Assert.Matches($"<a href=\"{Regex.Escape(root)}/scheduler/workers\"[^>]*>\\s*Workers", home);
        Assert.Contains("<h1 class=\"page-header\">Workers</h1>", page);
        Assert.Contains("data-testid=\"no-workers\"", page);
        Assert.Contains($"href=\"{root}/scheduler/workers\"", page);
    }
}
