using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Declarations applied by id over REST (<c>POST /api/schedules/apply</c>) and through the client's <c>ApplyAsync</c>:
/// a dry run writes nothing, a bad declaration refuses them all, a prune needs a filter.
/// </summary>
public sealed class ApplyApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string Declarations = """
        {"schedules": [
          {"id": "a", "spec": "every day at 6am", "task": {"type": "notification", "message": "a"}, "options": {"tags": ["team-a"]}},
          {"id": "b", "spec": "every 10 minutes", "task": {"type": "notification", "message": "b"}, "options": {"tags": ["team-a"]}}
        ], "prune": {"tag": "team-a"}}
        """;

    [Fact]
    public async Task Rest_applies_by_id_says_each_outcome_and_counts_and_a_dry_run_writes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-rest");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("a"), "every day at 5am", new ScheduleOptions { Id = "a", Tags = ["team-a"] });
        await client.ScheduleAsync(new NotificationTask("old"), "every hour", new ScheduleOptions { Id = "old", Tags = ["team-a"] });
        await client.ScheduleAsync(new NotificationTask("other"), "every hour", new ScheduleOptions { Id = "other" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var dry = await dashboard.Http.PostAsync("/api/schedules/apply?dryRun=true", Json(Declarations));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var plan = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([("a", "replaced"), ("b", "created"), ("old", "cancelled")],
            plan.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("id").GetString(), c.GetProperty("outcome").GetString())));
        var difference = plan.GetProperty("changes")[0].GetProperty("differences")[0];
        Assert.Equal(("spec", "\"every day at 5am\"", "\"every day at 6am\""),
            (difference.GetProperty("field").GetString(), difference.GetProperty("current").GetString(), difference.GetProperty("requested").GetString()));
        Assert.Null(await client.GetAsync("b"));

        var applied = await (await dashboard.Http.PostAsync("/api/schedules/apply", Json(Declarations))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1, 1, 0), (applied.GetProperty("counts").GetProperty("created").GetInt32(), applied.GetProperty("counts").GetProperty("replaced").GetInt32(),
            applied.GetProperty("counts").GetProperty("cancelled").GetInt32(), applied.GetProperty("counts").GetProperty("unchanged").GetInt32()));
        Assert.Equal("every day at 6am", (await client.GetAsync("a"))!.Spec);
        Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync("old"))!.Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("other"))!.Status);

        var again = await (await dashboard.Http.PostAsync("/api/schedules/apply", Json(Declarations))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, again.GetProperty("counts").GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Rest_takes_a_declared_pause_note_and_end_and_says_whether_each_task_was_created_paused()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-rest-pause");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var until = DateTimeOffset.UtcNow.AddDays(1);
        var body = $$$"""
            {"schedules": [
              {"id": "held", "spec": "every 10 minutes", "task": {"type": "notification", "message": "a"}, "paused": true,
               "pauseNote": "migration", "pauseUntil": "{{{until:O}}}"},
              {"id": "lifted", "spec": "every 10 minutes", "task": {"type": "notification", "message": "b"}, "paused": true, "pauseUntil": "2020-01-01T00:00:00Z"},
              {"id": "plain", "spec": "every 10 minutes", "task": {"type": "notification", "message": "c"}}
            ]}
            """;

        var dry = await (await dashboard.Http.PostAsync("/api/schedules/apply?dryRun=true", Json(body))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([true, false, null], dry.GetProperty("changes").EnumerateArray().Select(Paused));
        var applied = await (await dashboard.Http.PostAsync("/api/schedules/apply", Json(body))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([true, false, null], applied.GetProperty("changes").EnumerateArray().Select(Paused));

        var held = (await client.GetAsync("held"))!;
        Assert.Equal((ScheduleStatus.Paused, "migration", until.ToUnixTimeMilliseconds()), (held.Status, held.Pause!.Note, held.Pause.Until!.Value.ToUnixTimeMilliseconds()));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("lifted"))!.Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("plain"))!.Status);
    }

    // Left out (or null) when no pause was declared.
    private static bool? Paused(JsonElement change) =>
        change.TryGetProperty("paused", out var paused) && paused.ValueKind != JsonValueKind.Null ? paused.GetBoolean() : null;

    [Theory]
    [InlineData("/api/schedules/apply?dry-run=true", Declarations, "\"dry-run\" is not accepted")]
    [InlineData("/api/schedules/apply", """{"schedules": [{"id": "x", "spec": "every dya", "task": {"type": "notification", "message": "x"}}, {"id": "y", "spec": "every hour"}]}""", "schedules[1] (y) has no \"task\"")]
    [InlineData("/api/schedules/apply", """{"schedules": [{"id": "x", "spec": "every hour", "task": {"type": "notification", "message": "x"}}], "prune": {}}""", "the prune filter names nothing")]
    [InlineData("/api/schedules/apply", """{"schedule": []}""", "schedule")]
    public async Task Rest_refuses_a_bad_request_whole_naming_what_is_wrong_and_writes_nothing(string path, string body, string expected)
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-rest-bad");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("   at ", text);
        Assert.Empty(await redis.CreateClient(verifyWorkers: false).ListAsync());
    }

    [Fact]
    public async Task The_client_refuses_declarations_with_each_problem_named_and_writes_none()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-client");
        var client = redis.CreateClient(verifyWorkers: false);
        ScheduleDeclaration[] declarations =
        [
            new("ok", "every day at 6am", new NotificationTask("hi")),
            new("bad", "every dya at 6am", new NotificationTask("hi")),
            new("ok", "every hour", new NotificationTask("again")),
        ];

        var refused = await Assert.ThrowsAsync<InvalidTaskException>(() => client.ApplyAsync(declarations));

        Assert.Contains(refused.Errors, e => e.StartsWith("schedules[1] (bad): ", StringComparison.Ordinal));
        Assert.Contains("id \"ok\" is given 2 times; each schedule once", refused.Errors);
        Assert.Empty(await client.ListAsync());
        var results = await client.ApplyAsync([declarations[0]]);
        Assert.Equal(DeclarationOutcome.Created, Assert.Single(results).Outcome);
    }
    [Fact]
    public async Task Rest_reads_an_instant_without_an_offset_in_the_declarations_zone_and_refuses_one_without_a_zone()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-rest-wall");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        const string zoned = """
            {"schedules": [{"id": "z", "spec": "every day at 9am", "task": {"type": "notification", "message": "z"},
              "options": {"endAt": "2027-12-24T18:00", "timeZone": "Europe/Berlin", "verify": false}, "paused": true, "pauseUntil": "2027-07-01T12:00"}]}
            """;

        var applied = await dashboard.Http.PostAsync("/api/schedules/apply", Json(zoned));

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var task = (await client.GetAsync("z"))!;
        Assert.Equal(DateTimeOffset.Parse("2027-12-24T17:00:00Z"), task.Options.EndAt);
        Assert.Equal(DateTimeOffset.Parse("2027-07-01T10:00:00Z"), task.Pause!.Until);

        var refused = await dashboard.Http.PostAsync("/api/schedules/apply", Json(zoned.Replace("\"timeZone\": \"Europe/Berlin\", ", "")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("schedules[0].options.endAt: \"2027-12-24T18:00\" has no UTC offset", detail);
    }
    [Fact]
    public async Task The_same_instant_or_zone_written_another_way_is_the_same_definition()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-rest-same");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        const string first = """
            {"schedules": [{"id": "s", "spec": "every day at 9am", "task": {"type": "notification", "message": "s"},
              "options": {"timeZone": "Europe/Berlin", "endAt": "2030-12-24T18:00", "maxRuns": 3, "verify": false}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.PostAsync("/api/schedules/apply", Json(first))).StatusCode);

        var again = await dashboard.Http.PostAsync("/api/schedules/apply",
            Json(first.Replace("\"Europe/Berlin\"", "\"europe/berlin\"").Replace("\"2030-12-24T18:00\"", "\"2030-12-24T17:00:00Z\"")));

        var result = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unchanged", result.GetProperty("changes")[0].GetProperty("outcome").GetString());
        var stored = (await redis.CreateClient(verifyWorkers: false).GetAsync("s"))!.Options;
        Assert.Equal(("Europe/Berlin", TimeSpan.Zero), (stored.TimeZone, stored.EndAt!.Value.Offset));
    }
}
