using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Audit;

/// <summary>
/// A freeze and its lift: <c>pause --all --note freeze</c> then <c>resume --all --note freeze</c> resumes what the
/// freeze paused and leaves a task paused before it for another reason, through the client, the CLI and REST.
/// </summary>
public sealed class BulkFreezeTests
{
    private static readonly NotificationTask Hello = new("hi");

    private static async Task<(SchedulerClient Client, RedisTestContext Redis)> FrozenAsync(string name)
    {
        var redis = await RedisTestContext.CreateAsync(name);
        var client = redis.CreateClient(verifyWorkers: false).As("alice");
        foreach (var id in new[] { "n1", "n2", "held" })
            await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = id, Tags = ["nightly"] });
        Assert.True(await client.PauseAsync("held", new PauseRequest { Note = "broken upstream, see ticket 42" }));
        Assert.Equal(2, await client.PauseAllAsync(new ScheduleFilter { Tag = "nightly" }, new PauseRequest { Note = "Freeze" }));
        return (client, redis);
    }

    private static async Task<string[]> StillPausedAsync(SchedulerClient client) =>
        [.. (await client.ListAsync(new ScheduleFilter { Status = ScheduleStatus.Paused })).Select(t => t.Id).Order()];

    [Fact]
    public async Task The_client_resumes_only_the_tasks_paused_with_the_note_any_case()
    {
        var (client, redis) = await FrozenAsync("freeze-client");
        await using var _ = redis;

        Assert.Equal(2, await client.ResumeAllAsync(new ScheduleFilter { Tag = "nightly", PauseNote = " freeze " }));

        Assert.Equal(["held"], await StillPausedAsync(client));
        Assert.Equal("broken upstream, see ticket 42", (await client.GetAsync("held"))!.Pause!.Note);
        await Assert.ThrowsAsync<ArgumentException>(() => client.ResumeAllAsync(new ScheduleFilter { PauseNote = " " }));
    }

    [Fact]
    public async Task The_cli_resumes_by_note_and_says_on_stderr_which_tasks_stay_paused_and_why()
    {
        var (client, redis) = await FrozenAsync("freeze-cli");
        await using var _ = redis;
        var env = InProcessCli.Environment(redis, verifyWorkers: false);

        var typo = await InProcessCli.RunAsync(env, "resume", "--all", "--tag", "nightly", "--note", "freez");
        Assert.Equal((ExitCodes.Ok, "resumed 0 task(s)"), (typo.Code, typo.Out.Trim()));
        Assert.Contains("3 matching task(s) stay paused with another note: \"Freeze\" (2), \"broken upstream, see ticket 42\" (1)", typo.Err);

        var lifted = await InProcessCli.RunAsync(env, "resume", "--all", "--note", "freeze");
        Assert.Equal((ExitCodes.Ok, "resumed 2 task(s)"), (lifted.Code, lifted.Out.Trim()));
        Assert.Contains("1 matching task(s) stay paused with another note: \"broken upstream, see ticket 42\" (1)", lifted.Err);
        Assert.Equal(["held"], await StillPausedAsync(client));

        var one = await InProcessCli.RunAsync(env, "resume", "held", "--note", "freeze");
        Assert.Equal(ExitCodes.BadInput, one.Code);
        Assert.Contains("--note goes with --all on resume", one.Err);
        Assert.Equal(["held"], await StillPausedAsync(client));
    }

    [Fact]
    public async Task Rest_resumes_by_the_note_query_parameter_and_refuses_an_empty_one()
    {
        var (client, redis) = await FrozenAsync("freeze-rest");
        await using var _ = redis;
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var empty = await dashboard.Http.PostAsync("/api/schedules/resume?note=", null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("pause note", await empty.Content.ReadAsStringAsync());
        Assert.Equal(3, (await StillPausedAsync(client)).Length);

        var resumed = await dashboard.Http.PostAsync("/api/schedules/resume?tag=nightly&note=FREEZE", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(2, (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumed").GetInt32());
        Assert.Equal(["held"], await StillPausedAsync(client));
    }
}
