using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// What operators of Flower, Quartz and Hangfire do daily, through the CLI as through the REST API and the client: a
/// task's next fire times, a failure's whole error, the failing tasks, filters by name, a backfill of the last hours.
/// </summary>
public sealed class CliDailyUseTests
{
    [Fact]
    public async Task Info_next_lists_the_occurrences_the_rest_api_and_the_client_list()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-info-next");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 2 hours");

        var info = await InProcessCli.RunAsync(redis, "info", task.Id, "--next", "3", "--json");
        Assert.True(info.Code == 0, info.Err);
        var cli = JsonDocument.Parse(info.Out).RootElement.GetProperty("occurrences").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList();
        var fromClient = await client.GetNextOccurrencesAsync(task.Id, 3);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var api = (await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/tasks/{task.Id}/occurrences?count=3"))
            .GetProperty("occurrences").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList();

        Assert.Equal(3, cli.Count);
        Assert.Equal(task.NextRunAt, cli[0]);
        Assert.Equal(TimeSpan.FromHours(2), cli[1] - cli[0]);
        Assert.Equal(api, cli);
        Assert.Equal(api, fromClient);
        var text = await InProcessCli.RunAsync(redis, "info", task.Id, "--next", "2");
        Assert.Contains($"upcoming:    {cli[0].UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} +00:00", text.Out);
        Assert.Null(await client.GetNextOccurrencesAsync("no-such-task"));
        var bad = await InProcessCli.RunAsync(redis, "info", task.Id, "--next", "101");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
    }

    [Fact]
    public async Task Runs_and_failed_full_print_the_whole_error_and_info_prints_the_task_as_written()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-runs-full");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var marker = new string('x', 80);
        var failed = Assert.Single(await TaskRuns.RunAsync(client,
            new ShellTask("/bin/sh", ["-c", $"echo {marker} >&2; exit 3"]) { Execution = TaskRuns.Fast() }));
        Assert.Equal(RunOutcome.Failed, failed.Outcome);

        var clipped = await InProcessCli.RunAsync(redis, "runs", failed.TaskId);
        Assert.DoesNotContain(marker, clipped.Out);
        var runs = await InProcessCli.RunAsync(redis, "runs", failed.TaskId, "--full");
        Assert.True(runs.Code == 0, runs.Err);
        Assert.Contains(marker, runs.Out);
        var failedList = await InProcessCli.RunAsync(redis, "failed", "--full");
        Assert.Contains(marker, failedList.Out);
        var info = await InProcessCli.RunAsync(redis, "info", failed.TaskId);
        Assert.Contains(">&2; exit 3", info.Out);

        var failing = await InProcessCli.RunAsync(redis, "list", "--outcome", "failed");
        Assert.Contains(failed.TaskId, failing.Out);
        var succeeding = await InProcessCli.RunAsync(redis, "list", "--outcome", "Succeeded");
        Assert.DoesNotContain(failed.TaskId, succeeding.Out);
        var bad = await InProcessCli.RunAsync(redis, "list", "--outcome", "broken");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("--outcome \"broken\" is not a run outcome; expected one of succeeded, failed, timedOut, cancelled, skipped", bad.Err);
    }

    [Fact]
    public async Task Name_filters_list_pause_resume_and_cancel_as_the_rest_api_does()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-name-filter");
        var client = redis.CreateClient();
        var report = await client.ScheduleAsync(new NotificationTask("r"), "every 1 hour", new ScheduleOptions { Name = "Nightly Report" });
        var other = await client.ScheduleAsync(new NotificationTask("o"), "every 1 hour", new ScheduleOptions { Name = "cache warm-up" });

        var list = await InProcessCli.RunAsync(redis, "list", "--name", "nightly");
        Assert.Contains(report.Id, list.Out);
        Assert.DoesNotContain(other.Id, list.Out);
        var paused = await InProcessCli.RunAsync(redis, "pause", "--all", "--name", "REPORT");
        Assert.True(paused.Code == 0, paused.Err);
        Assert.Contains("paused 1 task(s)", paused.Out);
        Assert.Equal((ScheduleStatus.Paused, ScheduleStatus.Scheduled), ((await client.GetAsync(report.Id))!.Status, (await client.GetAsync(other.Id))!.Status));
        var resumed = await InProcessCli.RunAsync(redis, "resume", "--all", "--name", "report");
        Assert.Contains("resumed 1 task(s)", resumed.Out);
        var cancelled = await InProcessCli.RunAsync(redis, "cancel", "--all", "--name", "warm");
        Assert.True(cancelled.Code == 0, cancelled.Err);
        Assert.Equal((ScheduleStatus.Scheduled, ScheduleStatus.Cancelled), ((await client.GetAsync(report.Id))!.Status, (await client.GetAsync(other.Id))!.Status));
    }

    [Fact]
    public async Task The_rest_api_lists_a_task_s_recent_events_as_cli_events_task_does()
    {
        await using var redis = await RedisTestContext.CreateAsync("api-task-events");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour");
        var other = await client.ScheduleAsync(new NotificationTask("y"), "every 1 hour");
        await client.PauseAsync(task.Id);
        await client.ResumeAsync(task.Id);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var events = await dashboard.Http.GetFromJsonAsync<JsonElement[]>($"/api/tasks/{task.Id}/events");
        var newest = await dashboard.Http.GetFromJsonAsync<JsonElement[]>($"/api/tasks/{task.Id}/events?limit=1");
        var paused = await dashboard.Http.GetFromJsonAsync<JsonElement[]>($"/api/tasks/{task.Id}/events?type=task.paused");

        Assert.Equal(["scheduler.task.scheduled", "scheduler.task.paused", "scheduler.task.resumed"], events!.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events!, e => Assert.Equal(task.Id, e.GetProperty("taskId").GetString()));
        Assert.Equal("scheduler.task.resumed", Assert.Single(newest!).GetProperty("type").GetString());
        Assert.Equal("schedule_update", Assert.Single(paused!).GetProperty("event").GetString());
        var cli = await InProcessCli.RunAsync(redis, "events", "--task", task.Id, "--json");
        Assert.Equal(events!.Select(e => e.GetProperty("id").GetString()),
            cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/no-such/events")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await dashboard.Http.GetAsync($"/api/tasks/{task.Id}/events?limit=0")).StatusCode);
        Assert.DoesNotContain(other.Id, await dashboard.Http.GetStringAsync($"/api/tasks/{task.Id}/events"));
    }

    [Fact]
    public async Task The_cli_and_the_rest_api_list_the_live_workers_and_what_they_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-workers");
        var client = redis.CreateClient();
        var none = await InProcessCli.RunAsync(redis, "workers");
        Assert.True(none.Code == 0, none.Err);
        Assert.Contains("0 live worker(s)", none.Out);
        await using var system = await InProcessSystem.StartAsync(redis);
        var live = await Eventually.WaitAsync(() => client.GetWorkerCapabilitiesAsync(), w => w.Count > 0, TaskRuns.Patience, "a worker's advertisement");

        var cli = await InProcessCli.RunAsync(redis, "workers");
        var json = await InProcessCli.RunAsync(redis, "workers", "--json");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var api = await dashboard.Http.GetFromJsonAsync<JsonElement[]>("/api/workers");

        var worker = Assert.Single(live);
        Assert.Contains(worker.WorkerId, cli.Out);
        Assert.Contains("notification", cli.Out);
        Assert.Contains("1 live worker(s)", cli.Out);
        Assert.Equal(worker.WorkerId, Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray()).GetProperty("workerId").GetString());
        Assert.Equal(worker.WorkerId, Assert.Single(api!).GetProperty("workerId").GetString());
        Assert.Contains("notification", api![0].GetProperty("taskTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Update_changes_retries_and_timeouts_and_keeps_the_rest_of_the_definition()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-update-retries");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("keep me") { Execution = new ExecutionPolicy(MaxRetries: 1, SoftTimeout: TimeSpan.FromSeconds(20)) }, "every 1 hour");

        var updated = await InProcessCli.RunAsync(redis, "update", task.Id, "--retries", "5", "--hard-timeout", "10m");

        Assert.True(updated.Code == 0, updated.Err);
        var stored = Assert.IsType<NotificationTask>((await client.GetAsync(task.Id))!.Task);
        Assert.Equal("keep me", stored.Message);
        Assert.Equal(new ExecutionPolicy(MaxRetries: 5, SoftTimeout: TimeSpan.FromSeconds(20), HardTimeout: TimeSpan.FromMinutes(10)), stored.Execution);
        var bad = await InProcessCli.RunAsync(redis, "update", task.Id, "--retries", "101");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        var inverted = await InProcessCli.RunAsync(redis, "update", task.Id, "--soft-timeout", "20m");
        Assert.Equal(ExitCodes.BadInput, inverted.Code);
        Assert.Contains("softTimeout", inverted.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Retrying_a_cancelled_run_is_refused_saying_it_was_cancelled()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-retry-cancelled");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await TaskRuns.StartAsync(client, new ShellTask("sleep", ["30"]) { Execution = TaskRuns.Fast() });
        await TaskRuns.WaitRunningAsync(client, task.Id);
        await client.CancelAsync(task.Id);
        var cancelled = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Cancelled, cancelled.Outcome);

        var retry = await InProcessCli.RunAsync(redis, "retry", cancelled.RunId);

        Assert.Equal(ExitCodes.Conflict, retry.Code);
        Assert.Contains("is not a failed or timed-out run (it was cancelled)", retry.Err);
    }

    [Fact]
    public async Task Backfill_takes_a_duration_back_as_audit_since_does()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-backfill-back");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour");

        var plan = await InProcessCli.RunAsync(redis, "backfill", task.Id, "--from", "6h", "--to", "1h", "--dry-run", "--json");

        Assert.True(plan.Code == 0, plan.Err);
        var json = JsonDocument.Parse(plan.Out).RootElement;
        var span = json.GetProperty("to").GetDateTimeOffset() - json.GetProperty("from").GetDateTimeOffset();
        Assert.InRange(span, TimeSpan.FromHours(5) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(5) + TimeSpan.FromSeconds(5));
        var bad = await InProcessCli.RunAsync(redis, "backfill", task.Id, "--from", "6 parsecs", "--dry-run");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("--from", bad.Err);
    }
}
