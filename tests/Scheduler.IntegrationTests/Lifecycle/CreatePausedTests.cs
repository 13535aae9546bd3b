using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// A task created paused (<see cref="ScheduleOptions.Paused"/>, REST <c>"paused": true</c>, CLI <c>--paused</c>) is born
/// paused in the write that creates it: status, note, audit entry and event as a pause writes them, never in Beat's due
/// index; resumed, its held occurrence fires as a task paused later does.
/// </summary>
public sealed class CreatePausedTests
{
    private static readonly NotificationTask Hello = new("hi");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_one_shot_created_paused_is_not_fired_when_due_and_resumed_its_held_occurrence_runs_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("create-paused");
        var client = redis.CreateClient(verifyWorkers: false).As("alice");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0);

        var born = await client.ScheduleWithResultAsync(Hello, "in 1 second", new ScheduleOptions { Id = "held", Paused = new PauseRequest { Note = "until the release" } });
        Assert.Equal((ScheduleOutcome.Created, ScheduleStatus.Paused), (born.Outcome, born.Task.Status));
        var stored = (await client.GetAsync("held"))!;
        Assert.Equal(ScheduleStatus.Paused, stored.Status);
        Assert.Equal(("alice", "until the release", (DateTimeOffset?)null), (stored.Pause!.By, stored.Pause.Note, stored.Pause.Until));
        Assert.NotNull(stored.NextRunAt);
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "held"));

        // A task due no earlier, not paused: once Beat has fired it, it has had its chance to fire the paused one too.
        await client.ScheduleAsync(Hello, "in 1 second", new ScheduleOptions { Id = "control" });
        await Eventually.WaitAsync(() => client.GetAsync("control"), t => t!.FireCount == 1, TimeSpan.FromSeconds(20), "the control task to fire");
        var still = (await client.GetAsync("held"))!;
        Assert.Equal((ScheduleStatus.Paused, 0L), (still.Status, still.FireCount));

        var entries = (await client.GetAuditAsync(new AuditFilter { TaskId = "held" })).Entries;
        Assert.Equal([("pause", "alice"), ("schedule", "alice")], entries.Select(e => (e.Action, e.Actor!)));
        Assert.Equal(("scheduled", "paused", "until the release"), ((string?)entries[0].Before!["status"], (string?)entries[0].After!["status"], entries[0].Note));
        var events = (await redis.Redis.GetDatabase().StreamRangeAsync(redis.KeyPrefix + "events")).Where(e => e["taskId"] == "held").ToList();
        Assert.Equal([SchedulerEvents.Scheduled, SchedulerEvents.Paused], events.Select(e => (string)e["type"]!));
        Assert.Equal("until the release", (string?)events[1]["note"]);

        // Resumed as any paused task: the occurrence held while paused follows the misfire policy (runOnce: one run now).
        Assert.True(await client.ResumeAsync("held"));
        var resumed = await Eventually.WaitAsync(() => client.GetAsync("held"), t => t!.FireCount == 1, TimeSpan.FromSeconds(20), "the held occurrence to fire");
        Assert.Null(resumed!.Pause);
    }

    [Fact]
    public async Task Created_paused_again_is_already_scheduled_and_only_a_task_created_or_scheduled_anew_is_paused()
    {
        await using var redis = await RedisTestContext.CreateAsync("create-paused-identity");
        var client = redis.CreateClient(verifyWorkers: false);
        var paused = new ScheduleOptions { Id = "p", Paused = new PauseRequest { Note = "n" } };
        await client.ScheduleAsync(Hello, "every 1 hour", paused);

        var again = await client.ScheduleWithResultAsync(Hello, "every 1 hour", paused);
        Assert.Equal((ScheduleOutcome.AlreadyScheduled, ScheduleStatus.Paused), (again.Outcome, again.Task.Status));
        Assert.Equal(2, (await client.GetAuditAsync(new AuditFilter { TaskId = "p" })).Entries.Count);
        await Assert.ThrowsAsync<ScheduleConflictException>(() => client.ScheduleAsync(Hello, "every 2 hours", paused));

        // A live task replaced keeps its own status; an ended one scheduled anew is born paused.
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "live" });
        var replaced = await client.ScheduleWithResultAsync(Hello, "every 2 hours", new ScheduleOptions { Id = "live", Replace = true, Paused = new PauseRequest() });
        Assert.Equal((ScheduleOutcome.Replaced, ScheduleStatus.Scheduled), (replaced.Outcome, replaced.Task.Status));
        await client.CancelAsync("live");
        var anew = await client.ScheduleWithResultAsync(Hello, "every 3 hours", new ScheduleOptions { Id = "live", Paused = new PauseRequest { Note = "later" } });
        Assert.Equal((ScheduleOutcome.Rescheduled, ScheduleStatus.Paused, "later"), (anew.Outcome, anew.Task.Status, anew.Task.Pause?.Note));
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "live"));

        // With an end, it waits in the due index at that end, for Beat to lift the pause as it lifts any.
        var until = DateTimeOffset.UtcNow.AddHours(1);
        var ending = await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "ending", Paused = new PauseRequest { Until = until } });
        Assert.Equal(until.ToUnixTimeMilliseconds(), ending.Pause!.Until!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(until.ToUnixTimeMilliseconds(), (long)(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "ending"))!);
    }

    [Fact]
    public async Task A_pause_that_could_not_be_made_is_refused_before_anything_is_written()
    {
        await using var redis = await RedisTestContext.CreateAsync("create-paused-invalid");
        var client = redis.CreateClient(verifyWorkers: false);
        var past = await Assert.ThrowsAsync<InvalidTaskException>(() => client.ScheduleAsync(Hello, "every 1 hour",
            new ScheduleOptions { Id = "x", Paused = new PauseRequest { Until = DateTimeOffset.UtcNow.AddMinutes(-1) } }));
        Assert.Contains("paused: the pause end", past.Message);
        await Assert.ThrowsAsync<InvalidTaskException>(() => client.ScheduleAsync(Hello, "every 1 hour",
            new ScheduleOptions { Id = "x", Paused = new PauseRequest { Note = new string('x', 501) } }));
        await Assert.ThrowsAsync<InvalidTaskException>(() => client.ScheduleManyAsync([(Hello, "every 1 hour", new ScheduleOptions { Id = "x", Paused = new PauseRequest() })]));
        Assert.Null(await client.GetAsync("x"));
    }

    [Fact]
    public async Task Rest_and_the_cli_create_a_task_paused_with_its_note_and_end_and_refuse_either_without_paused()
    {
        await using var redis = await RedisTestContext.CreateAsync("create-paused-surfaces");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var created = await dashboard.Http.PostAsync("/api/tasks/r1/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "paused": true, "pauseNote": "freeze"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("paused", "freeze"), (body.GetProperty("status").GetString(), body.GetProperty("pause").GetProperty("note").GetString()));
        var noteAlone = await dashboard.Http.PostAsync("/api/tasks/r2/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "pauseNote": "freeze"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noteAlone.StatusCode);
        Assert.Contains("is given without", await noteAlone.Content.ReadAsStringAsync());
        Assert.Null(await client.GetAsync("r2"));
        var until = DateTimeOffset.UtcNow.AddHours(2);
        var ending = await dashboard.Http.PostAsync("/api/tasks/r3/schedule", Json($$"""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "paused": true, "pauseUntil": "{{until:O}}"}"""));
        Assert.Equal(HttpStatusCode.Created, ending.StatusCode);
        Assert.Equal(until.ToUnixTimeMilliseconds(), (await client.GetAsync("r3"))!.Pause!.Until!.Value.ToUnixTimeMilliseconds());
        var endAlone = await dashboard.Http.PostAsync("/api/tasks/r4/schedule", Json($$"""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "pauseUntil": "{{until:O}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, endAlone.StatusCode);
        Assert.StartsWith("\"pauseUntil\" is given without \"paused\": true", (await endAlone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var badEnd = await dashboard.Http.PostAsync("/api/tasks/r5/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "paused": true, "pauseUntil": "tomorrow"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badEnd.StatusCode);
        Assert.Contains("pauseUntil", await badEnd.Content.ReadAsStringAsync());
        Assert.Null(await client.GetAsync("r4"));
        Assert.Null(await client.GetAsync("r5"));

        var cli = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "c1", "--paused", "--note", "freeze");
        Assert.Equal(ExitCodes.Ok, cli.Code);
        Assert.Equal((ScheduleStatus.Paused, "freeze"), ((await client.GetAsync("c1"))!.Status, (await client.GetAsync("c1"))!.Pause?.Note));
        // Under its "next run" line, which alone read as a run to come.
        Assert.Contains(": freeze; nothing runs until it is resumed\n", cli.Out.ReplaceLineEndings("\n"));
        var bare = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "c2", "--note", "freeze");
        Assert.Equal(ExitCodes.BadInput, bare.Code);
        Assert.Contains("give --paused", bare.Err);
        Assert.Null(await client.GetAsync("c2"));
        var before = DateTimeOffset.UtcNow;
        var cliEnding = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "c3", "--paused", "--until", "2h");
        Assert.Equal(ExitCodes.Ok, cliEnding.Code);
        Assert.Contains("nothing runs until it is resumed or the pause ends", cliEnding.Out);
        Assert.InRange((await client.GetAsync("c3"))!.Pause!.Until!.Value, before.AddHours(2).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
        var cliEndAlone = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "c4", "--until", "2h");
        Assert.Equal(ExitCodes.BadInput, cliEndAlone.Code);
        Assert.Contains("--until is the end of the pause of a task created paused; give --paused with it", cliEndAlone.Err);
        var cliBadEnd = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "c5", "--paused", "--until", "whenever");
        Assert.Equal(ExitCodes.BadInput, cliBadEnd.Code);
        Assert.Contains("--until", cliBadEnd.Err);
        Assert.Null(await client.GetAsync("c4"));
        Assert.Null(await client.GetAsync("c5"));
    }
}
