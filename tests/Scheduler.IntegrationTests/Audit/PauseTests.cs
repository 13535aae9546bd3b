using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Audit;

/// <summary>
/// Pause with a note and an end, bulk pause and resume, through the client, Beat, the REST API and the CLI, each change
/// in the audit log under the right actor.
/// </summary>
public sealed class PauseTests
{
    private static readonly NotificationTask Hello = new("hi");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Task<(int Code, string Out, string Err)> CliAsync(RedisTestContext redis, params string[] args) =>
        InProcessCli.RunAsync(InProcessCli.Environment(redis, verifyWorkers: true), args);

    [Fact]
    public async Task A_pause_with_an_end_lifts_itself_once_at_that_instant_with_two_beats_racing()
    {
        await using var redis = await RedisTestContext.CreateAsync("pause-until");
        var client = redis.CreateClient().As("alice");
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "p1" });
        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        Assert.True(await client.PauseAsync("p1", new PauseRequest { Note = "maintenance", Until = until }));
        var paused = (await client.GetAsync("p1"))!;
        Assert.Equal(ScheduleStatus.Paused, paused.Status);
        Assert.Equal(("alice", "maintenance", until.ToUnixTimeMilliseconds()), (paused.Pause!.By, paused.Pause.Note, paused.Pause.Until!.Value.ToUnixTimeMilliseconds()));

        await using var system = await InProcessSystem.StartAsync(redis, beats: 2, workers: 0);
        var resumed = await Eventually.WaitAsync(() => client.GetAsync("p1"), t => t!.Status == ScheduleStatus.Scheduled, TimeSpan.FromSeconds(20), "the pause to lift");
        Assert.True(DateTimeOffset.UtcNow >= until);
        Assert.Null(resumed!.Pause);
        Assert.Equal(AuditActions.SchedulerActor, resumed.ChangedBy);
        // Back in the due index at its own next instant, not fired early.
        Assert.Equal(resumed.NextRunAt!.Value.ToUnixTimeMilliseconds(), (long)(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "p1"))!);
        Assert.Equal(0, resumed.RunCount);
        var entries = (await client.GetAuditAsync(new AuditFilter { TaskId = "p1" })).Entries;
        Assert.Equal([("resume", "scheduler"), ("pause", "alice"), ("schedule", "alice")], entries.Select(e => (e.Action, e.Actor!)));
        Assert.Equal(("paused", "scheduled"), ((string?)entries[0].Before!["status"], (string?)entries[0].After!["status"]));
        Assert.Equal("pause ended", entries[0].Note);
    }

    [Fact]
    public async Task A_pause_with_a_past_end_or_a_long_note_is_refused_and_a_paused_task_cannot_be_paused_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("pause-invalid");
        var client = redis.CreateClient();
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "p2" });
        await Assert.ThrowsAsync<InvalidTaskException>(() => client.PauseAsync("p2", new PauseRequest { Until = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        await Assert.ThrowsAsync<InvalidTaskException>(() => client.PauseAsync("p2", new PauseRequest { Note = new string('x', 501) }));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("p2"))!.Status);
        Assert.True(await client.PauseAsync("p2"));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => client.PauseAsync("p2", new PauseRequest { Note = "again" }));
        Assert.False(await client.PauseAsync("nope", new PauseRequest { Note = "x" }));
    }

    [Fact]
    public async Task A_task_paused_after_its_last_run_was_fired_ends_when_that_run_does_rather_than_staying_paused()
    {
        await using var redis = await RedisTestContext.CreateAsync("pause-fired");
        var client = redis.CreateClient();
        // Fired while no worker runs: a one-shot, and the run that reaches a recurring task's max runs.
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
        {
            await client.ScheduleAsync(Hello, "in:1s", new ScheduleOptions { Id = "once" });
            await client.ScheduleAsync(Hello, "every 1 second", new ScheduleOptions { Id = "capped", MaxRuns = 1 });
            await Eventually.WaitAsync(() => redis.Redis.GetDatabase().SortedSetLengthAsync(redis.KeyPrefix + "fired"), n => n >= 2, TaskRuns.Patience, "both fired");
        }
        Assert.True(await client.PauseAsync("once", new PauseRequest { Note = "hold", Until = DateTimeOffset.UtcNow.AddDays(1) }));
        Assert.True(await client.PauseAsync("capped"));

        await using (await InProcessSystem.StartAsync(redis, beats: 0, workers: 1))
            foreach (var id in new[] { "once", "capped" })
            {
                var task = await Eventually.WaitAsync(() => client.GetAsync(id), t => t!.Status != ScheduleStatus.Paused, TaskRuns.Patience, $"{id} to end");
                Assert.Equal((ScheduleStatus.Completed, null, 1L), (task!.Status, task.Pause, task.RunCount));
            }
        // Nothing of the pause is left waiting: no lift due for the one-shot.
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "once"));
    }

    [Fact]
    public async Task Bulk_pause_and_resume_count_the_matching_tasks_in_the_client_and_over_rest_with_each_change_audited()
    {
        await using var redis = await RedisTestContext.CreateAsync("pause-bulk");
        var client = redis.CreateClient().As("alice");
        foreach (var (id, tag) in new[] { ("b1", "nightly"), ("b2", "nightly"), ("b3", "nightly"), ("o1", "other") })
            await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = id, Tags = [tag] });
        await client.CancelAsync("b3");

        Assert.Equal(2, await client.PauseAllAsync(new ScheduleFilter { Tag = "nightly" }, new PauseRequest { Note = "freeze" }));
        Assert.Equal(0, await client.PauseAllAsync(new ScheduleFilter { Tag = "nightly" }));
        Assert.Equal("freeze", (await client.GetAsync("b2"))!.Pause!.Note);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("o1"))!.Status);
        Assert.Equal(2, await client.ResumeAllAsync(new ScheduleFilter { Tag = "nightly" }));

        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var paused = await dashboard.Http.PostAsync("/api/schedules/pause?tag=nightly", Json("""{"note": "release", "until": "2099-01-01T00:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal(2, (await paused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paused").GetInt32());
        var pause = (await client.GetAsync("b1"))!.Pause!;
        Assert.Equal(("local", "release", DateTimeOffset.Parse("2099-01-01T00:00:00Z")), (pause.By, pause.Note, pause.Until));
        var resumed = await dashboard.Http.PostAsync("/api/schedules/resume?tag=nightly&status=paused", null);
        Assert.Equal(2, (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumed").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.PostAsync("/api/schedules/pause?status=nope", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.PostAsync("/api/schedules/pause", Json("""{"until": "2001-01-01T00:00:00Z"}"""))).StatusCode);

        var audit = (await client.GetAuditAsync(new AuditFilter { TaskId = "b1" })).Entries.Select(e => (e.Action, e.Actor!)).ToList();
        Assert.Equal([("resume", "local"), ("pause", "local"), ("resume", "alice"), ("pause", "alice"), ("schedule", "alice")], audit);
    }

    [Fact]
    public async Task Rest_records_the_local_basic_auth_user_or_api_key_name_and_serves_the_audit_log_with_filters()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-rest");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, RemoteCaller.Access());
        var http = dashboard.Http;

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/r1/schedule",
            Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 5 minutes"}"""))).StatusCode);
        var pause = await http.SendAsync(RemoteCaller.AsUser(HttpMethod.Post, "/api/tasks/r1/pause", Json("""{"note": "db migration", "until": "2099-06-01T09:00:00Z"}""")));
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        Assert.Equal("db migration", (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pause").GetProperty("note").GetString());
        var stored = await http.GetFromJsonAsync<JsonElement>("/api/tasks/r1/schedule");
        Assert.Equal(("ops", "2099-06-01T09:00:00.000000+00:00"), (stored.GetProperty("pause").GetProperty("by").GetString(), stored.GetProperty("pause").GetProperty("until").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RemoteCaller.WithKey(HttpMethod.Post, "/api/tasks/r1/resume"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(RemoteCaller.WithKey(HttpMethod.Post, "/api/tasks/r1/trigger"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync("/api/tasks/r1/schedule")).StatusCode);

        var log = await http.GetFromJsonAsync<JsonElement>("/api/audit?taskId=r1");
        var entries = log.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Equal([("cancel", "local"), ("trigger", "deploy-bot"), ("resume", "deploy-bot"), ("pause", "ops"), ("schedule", "local")], entries);
        // A delete for good is recorded under who asked, as every other change.
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/r2/schedule",
            Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 5 minutes"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RemoteCaller.WithKey(HttpMethod.Delete, "/api/tasks/r2"))).StatusCode);
        var deleted = (await http.GetFromJsonAsync<JsonElement>("/api/audit?taskId=r2&action=delete")).GetProperty("entries")[0];
        Assert.Equal("deploy-bot", deleted.GetProperty("actor").GetString());
        // Publishing an event runs tasks as a trigger does: recorded under who published it, with the event's name.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RemoteCaller.WithKey(HttpMethod.Post, "/api/events/nightly-import"))).StatusCode);
        var published = (await http.GetFromJsonAsync<JsonElement>("/api/audit?action=publish")).GetProperty("entries")[0];
        Assert.Equal(("deploy-bot", "nightly-import"), (published.GetProperty("actor").GetString(), published.GetProperty("after").GetProperty("event").GetString()));
        var paused = (await http.GetFromJsonAsync<JsonElement>("/api/audit?actor=ops&action=pause")).GetProperty("entries")[0];
        Assert.Equal(("scheduled", "paused", "db migration"), (paused.GetProperty("before").GetProperty("status").GetString(),
            paused.GetProperty("after").GetProperty("status").GetString(), paused.GetProperty("note").GetString()));
        var page = await http.GetFromJsonAsync<JsonElement>("/api/audit?taskId=r1&limit=2");
        var next = page.GetProperty("next").GetString();
        var older = await http.GetFromJsonAsync<JsonElement>($"/api/audit?taskId=r1&limit=10&after={next}");
        Assert.Equal(3, older.GetProperty("entries").GetArrayLength());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/audit?to=2000-01-01T00:00:00Z")).GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/audit?action=explode")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/audit?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/tasks/r1/pause", Json("""{"reason": "x"}"""))).StatusCode);
    }

    [Fact]
    public async Task Cli_pauses_with_a_note_and_an_end_pauses_and_resumes_many_and_prints_the_audit_log()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-cli");
        var client = redis.CreateClient().As("alice");
        foreach (var id in new[] { "c1", "c2", "c3" })
            await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = id, Tags = [id == "c3" ? "other" : "batch"] });

        var paused = await CliAsync(redis, "pause", "c1", "--note", "waiting for vendor", "--until", "2099-12-01T09:00", "--as", "carol");
        Assert.True(paused.Code == 0, paused.Err);
        Assert.Contains("paused c1: paused by carol: waiting for vendor (until 2099-12-01 09:00:00Z)", paused.Out);
        var pause = (await client.GetAsync("c1"))!.Pause!;
        Assert.Equal(("carol", DateTimeOffset.Parse("2099-12-01T09:00:00Z")), (pause.By, pause.Until));
        Assert.Contains("pause:       paused by carol: waiting for vendor", (await CliAsync(redis, "info", "c1")).Out);
        Assert.Equal(ExitCodes.BadInput, (await CliAsync(redis, "pause", "c2", "--until", "2001-01-01T00:00")).Code);
        Assert.Equal(ExitCodes.BadInput, (await CliAsync(redis, "pause", "c2", "--all")).Code);
        Assert.Equal(ExitCodes.NotFound, (await CliAsync(redis, "pause", "nope")).Code);

        var many = await CliAsync(redis, "pause", "--all", "--tag", "batch", "--note", "freeze", "--as", "dave", "--json");
        Assert.True(many.Code == 0, many.Err);
        Assert.Equal(1, JsonDocument.Parse(many.Out).RootElement.GetProperty("paused").GetInt32());
        Assert.Contains("resumed 2 task(s)", (await CliAsync(redis, "resume", "--all", "--tag", "batch", "--as", "dave")).Out);

        var table = await CliAsync(redis, "audit", "--task", "c1", "--since", "1h");
        Assert.True(table.Code == 0, table.Err);
        Assert.Matches(@"carol\s+pause\s+c1\s+.*pause.note: \(none\) → ""waiting for vendor"".*status: ""scheduled"" → ""paused""", table.Out);
        Assert.Matches(@"dave\s+resume\s+c1", table.Out);
        var json = JsonDocument.Parse((await CliAsync(redis, "audit", "--actor", "dave", "--action", "resume", "--json")).Out).RootElement;
        // A change by filter makes its changes side by side, in no set order.
        Assert.Equal(["c1", "c2"], json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("taskId").GetString()).Order());
        Assert.Equal(ExitCodes.BadInput, (await CliAsync(redis, "audit", "--action", "explode")).Code);
        Assert.Equal(ExitCodes.BadInput, (await CliAsync(redis, "audit", "--since", "whenever")).Code);
    }
}
