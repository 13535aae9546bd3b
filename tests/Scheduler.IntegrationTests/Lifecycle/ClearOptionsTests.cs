using System.Net;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// An update removes options as well as changing them (an end date, a max runs, tags, a queue...): before, a limit
/// once set could only be moved, never dropped, short of replacing the task and its counters.
/// </summary>
public sealed class ClearOptionsTests
{
    private static readonly ScheduleOptions Limited = new()
    {
        EndAt = DateTimeOffset.UtcNow.AddDays(30), MaxRuns = 5, Jitter = TimeSpan.FromSeconds(10), Tags = ["a"], Queue = "critical",
        ModuleId = "billing", Concurrency = new ConcurrencyLimit("k", 1), RateLimit = new RateLimit("r", 5, TimeSpan.FromMinutes(1)),
    };

    [Fact]
    public async Task The_client_clears_each_option_and_keeps_the_rest()
    {
        await using var redis = await RedisTestContext.CreateAsync("clear-client");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour", Limited with { Name = "kept" });

        var cleared = (await client.UpdateAsync(task.Id, new TaskUpdate { Clear = Enum.GetValues<ClearableOption>() }))!.Options;

        Assert.Equal((null, null, null, null, null, null), (cleared.EndAt, cleared.MaxRuns, cleared.Jitter, cleared.Tags, cleared.Queue, cleared.ModuleId));
        Assert.Null(cleared.Concurrency);
        Assert.Null(cleared.RateLimit);
        Assert.Equal("kept", (await client.GetAsync(task.Id))!.Name);
        var both = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { MaxRuns = 3, Clear = [ClearableOption.MaxRuns] }));
        Assert.Contains("maxRuns is both given and cleared", both.Message);
    }

    [Fact]
    public async Task Clearing_the_max_runs_of_a_task_they_completed_runs_it_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("clear-max-runs");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { MaxRuns = 1 });
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the one run");

        var reopened = await client.UpdateAsync(task.Id, new TaskUpdate { Clear = [ClearableOption.MaxRuns] });

        Assert.Equal(ScheduleStatus.Scheduled, reopened!.Status);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.RunCount >= 2, TaskRuns.Patience, "a run past the old limit");
    }

    [Fact]
    public async Task The_cli_and_the_rest_api_clear_options_and_refuse_one_both_set_and_cleared()
    {
        await using var redis = await RedisTestContext.CreateAsync("clear-cli-rest");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour", Limited);

        var cli = await InProcessCli.RunAsync(redis, "update", task.Id, "--clear", "end-at", "max-runs", "--clear", "tags");
        Assert.True(cli.Code == 0, cli.Err);
        var options = (await client.GetAsync(task.Id))!.Options;
        Assert.Equal((null, null, null), (options.EndAt, options.MaxRuns, options.Tags));
        Assert.Equal("critical", options.Queue);
        var both = await InProcessCli.RunAsync(redis, "update", task.Id, "--queue", "low", "--clear", "queue");
        Assert.Equal(ExitCodes.BadInput, both.Code);
        Assert.Contains("--queue is given and --clear queue removes it", both.Err);
        var unknown = await InProcessCli.RunAsync(redis, "update", task.Id, "--clear", "spec");
        Assert.Equal(ExitCodes.BadInput, unknown.Code);
        Assert.Contains("end-at", unknown.Err);

        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var patched = await dashboard.Http.PatchAsync($"/api/tasks/{task.Id}", Json("""{"clear": ["queue", "moduleId", "rateLimit"]}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        options = (await client.GetAsync(task.Id))!.Options;
        Assert.Equal((null, null, null), (options.Queue, options.ModuleId, options.RateLimit));
        Assert.NotNull(options.Concurrency);
        var empty = await dashboard.Http.PatchAsync($"/api/tasks/{task.Id}", Json("""{"clear": []}"""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var conflict = await dashboard.Http.PatchAsync($"/api/tasks/{task.Id}", Json("""{"jitter": "00:00:05", "clear": ["jitter"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
        Assert.Contains("jitter is both given and cleared", await conflict.Content.ReadAsStringAsync());
        var bad = await dashboard.Http.PatchAsync($"/api/tasks/{task.Id}", Json("""{"clear": ["spec"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_start_bound_and_a_description_are_cleared_and_the_spec_runs_from_now_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("clear-start-description");
        var client = redis.CreateClient();
        var later = DateTimeOffset.UtcNow.AddDays(10);
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour",
            new ScheduleOptions { StartAfter = later, Description = "old words" });
        Assert.True(task.NextRunAt >= later);

        var cleared = (await client.UpdateAsync(task.Id, new TaskUpdate { Clear = [ClearableOption.StartAfter, ClearableOption.Description] }))!;

        Assert.Null(cleared.Options.StartAfter);
        Assert.Null(cleared.Description);
        Assert.True(cleared.NextRunAt < DateTimeOffset.UtcNow.AddHours(2), $"next run {cleared.NextRunAt} still held back");
        var both = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { Description = "d", Clear = [ClearableOption.Description] }));
        Assert.Contains("description is both given and cleared", both.Message);

        var other = await client.ScheduleAsync(new NotificationTask("y"), "every 1 hour", new ScheduleOptions { StartAfter = later, Description = "d" });
        var cli = await InProcessCli.RunAsync(redis, "update", other.Id, "--clear", "start-after", "--clear", "description");
        Assert.True(cli.Code == 0, cli.Err);
        var read = (await client.GetAsync(other.Id))!;
        Assert.Equal((null, null), (read.Options.StartAfter, read.Description));
        var conflict = await InProcessCli.RunAsync(redis, "update", other.Id, "--description", "d", "--clear", "description");
        Assert.Equal(ExitCodes.BadInput, conflict.Code);
        Assert.Contains("--description is given and --clear description removes it", conflict.Err);

        var third = await client.ScheduleAsync(new NotificationTask("z"), "every 1 hour", new ScheduleOptions { StartAfter = later, Description = "d" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var patched = await dashboard.Http.PatchAsync($"/api/tasks/{third.Id}", Json("""{"clear": ["startAfter", "description"]}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        read = (await client.GetAsync(third.Id))!;
        Assert.Equal((null, null), (read.Options.StartAfter, read.Description));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
