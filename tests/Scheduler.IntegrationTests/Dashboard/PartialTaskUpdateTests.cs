using System.Net;
using System.Text;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// An update whose task has no "type" changes only the fields it names (the Scheduler Module's update_event with new
/// parameters), over REST PATCH and <c>scheduler update --definition</c>; the other fields and the execution policy stay.
/// </summary>
public sealed class PartialTaskUpdateTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_patch_naming_one_task_field_changes_it_and_keeps_the_others()
    {
        await using var redis = await RedisTestContext.CreateAsync("partial-patch");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("before", Title: "Nightly") { Execution = new ExecutionPolicy(MaxRetries: 7) },
            "every day at 6am", new ScheduleOptions { Id = "nightly" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var patched = await dashboard.Http.PatchAsync("/api/tasks/nightly", Json("""{"task": {"message": "after"}}"""));
        var missing = await dashboard.Http.PatchAsync("/api/tasks/nosuch", Json("""{"task": {"message": "after"}}"""));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var task = Assert.IsType<NotificationTask>((await client.GetAsync("nightly"))!.Task);
        Assert.Equal(("after", "Nightly", 7), (task.Message, task.Title, task.Execution!.MaxRetries));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("no task has id nosuch", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_cli_updates_the_fields_a_definition_without_type_names()
    {
        await using var redis = await RedisTestContext.CreateAsync("partial-cli");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new ShellTask("backup", ["--full"], Environment: new Dictionary<string, string> { ["MODE"] = "a" }),
            "every day at 2am", new ScheduleOptions { Id = "backup" });
        using var dir = TestPaths.CreateTempDirectory("partial-cli");
        await File.WriteAllTextAsync(dir.File("changes.json"), """{"args": ["--quick"]}""");

        var (code, output, error) = await InProcessCli.RunAsync(redis, "update", "backup", "--definition", dir.File("changes.json"), "--retries", "2");

        Assert.True(code == 0, error);
        Assert.Equal("updated backup", output.Trim());
        var task = Assert.IsType<ShellTask>((await client.GetAsync("backup"))!.Task);
        Assert.Equal("backup", task.Command);
        Assert.Equal(["--quick"], task.Args!);
        Assert.Equal("a", task.Environment!["MODE"]);
        Assert.Equal(2, task.Execution!.MaxRetries);
    }

    [Fact]
    public async Task A_patchs_instant_without_an_offset_is_read_in_the_tasks_zone_unless_the_patch_names_one()
    {
        await using var redis = await RedisTestContext.CreateAsync("partial-patch-zone");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("x"), "every day at 6am", new ScheduleOptions { Id = "berlin", TimeZone = "Europe/Berlin" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var inTasksZone = await dashboard.Http.PatchAsync("/api/tasks/berlin", Json("""{"endAt": "2030-12-24T18:00"}"""));
        Assert.Equal(HttpStatusCode.OK, inTasksZone.StatusCode);
        Assert.Equal(DateTimeOffset.Parse("2030-12-24T17:00:00Z"), (await client.GetAsync("berlin"))!.Options.EndAt);

        var inNewZone = await dashboard.Http.PatchAsync("/api/tasks/berlin", Json("""{"timeZone": "America/New_York", "endAt": "2030-12-24T18:00"}"""));
        Assert.Equal(HttpStatusCode.OK, inNewZone.StatusCode);
        Assert.Equal(DateTimeOffset.Parse("2030-12-24T23:00:00Z"), (await client.GetAsync("berlin"))!.Options.EndAt);

        // A zone that is none, or a task that is none, is named as such, not as an instant without an offset.
        var badZone = await dashboard.Http.PatchAsync("/api/tasks/berlin", Json("""{"timeZone": "Mars/Base", "endAt": "2030-12-24T18:00"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badZone.StatusCode);
        var detail = System.Text.Json.JsonDocument.Parse(await badZone.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("unknown time zone \"Mars/Base\"", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.PatchAsync("/api/tasks/nosuch", Json("""{"endAt": "2030-12-24T18:00"}"""))).StatusCode);
    }
}
