using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// A cleanup registration's priority: stored with it, taken and shown by every surface, and the order registrations
/// run together are cleaned and reported in (higher first, equal ones in registration order).
/// </summary>
public sealed class CleanupPriorityTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_priority_is_stored_with_the_registration_and_one_stored_without_it_reads_0()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-prio-store");
        var client = redis.CreateClient();

        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 3, Priority: 7), sandbox.Roots);
        var reader = redis.CreateClient();
        var stored = (await reader.GetCleanupAsync(id))!;
        Assert.Equal(7, stored.Priority);
        var updated = await client.UpdateCleanupAsync(id, stored.ToRequest() with { MaxFiles = 4 }, sandbox.Roots);
        Assert.Equal(7, updated!.Priority);
        Assert.Equal(7, Assert.Single(await reader.ListCleanupsAsync()).Priority);

        // As a registration made before priorities existed was stored: no "priority" field at all.
        var db = redis.Redis.GetDatabase();
        var old = JsonSerializer.Serialize(new { id = "c00old", directory = sandbox.Logs, pattern = "*.tmp", maxFiles = 1, interval = "01:00:00" });
        await db.StringSetAsync(redis.KeyPrefix + "cleanup:c00old", old);
        await db.SortedSetAddAsync(redis.KeyPrefix + "cleanups", "c00old", await db.StringIncrementAsync(redis.KeyPrefix + "cleanup-seq"));
        Assert.Equal(0, (await reader.GetCleanupAsync("c00old"))!.Priority);
        Assert.Equal([7, 0], (await reader.ListCleanupsAsync()).Select(r => r.Priority));
    }

    [Fact]
    public async Task Running_every_registration_cleans_higher_priority_first_equal_ones_in_registration_order_and_reports_so()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-prio-runall");
        var client = redis.CreateClient();
        async Task<string> Register(string pattern, int priority) =>
            await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, pattern, MaxFiles: 1, Priority: priority), sandbox.Roots);
        var a = await Register("a*", 0);
        var b = await Register("b*", 10);
        var c = await Register("c*", 0);
        var d = await Register("d*", -5);
        var e = await Register("e*", 10);

        var report = await client.RunCleanupAsync(null, dryRun: false, sandbox.Roots);

        Assert.Equal([b, e, a, c, d], report!.Results.Select(r => r.RegistrationId));
        // Each recorded its run in that order too, as the event stream shows.
        var ran = await client.GetRecentEventsAsync(EventTypePattern.Parse(SchedulerEvents.CleanupRan), 10);
        Assert.Equal([b, e, a, c, d], ran.Select(x => x.TaskId));
    }

    [Fact]
    public async Task Registrations_due_in_one_worker_look_run_higher_priority_first_whichever_was_due_first()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-prio-due");
        var client = redis.CreateClient();
        var low = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "a*", MaxFiles: 1, Priority: -1), sandbox.Roots);
        var plain = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "b*", MaxFiles: 1), sandbox.Roots);
        var high = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "c*", MaxFiles: 1, Priority: 5), sandbox.Roots);
        // All due before the worker starts, the lowest priority longest: its first look finds the three together.
        var db = redis.Redis.GetDatabase();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await db.SortedSetAddAsync(redis.KeyPrefix + "cleanup-due", [new(low, now - 3000), new(plain, now - 2000), new(high, now - 1000)]);

        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: new Dictionary<string, string?>(sandbox.Settings())
        {
            ["Scheduler:Housekeeping:CheckInterval"] = "00:00:00.100",
        });
        var ran = await Eventually.WaitAsync(() => client.GetRecentEventsAsync(EventTypePattern.Parse(SchedulerEvents.CleanupRan), 10),
            events => events.Count >= 3, TimeSpan.FromSeconds(20), "the three due registrations run by the worker");

        Assert.Equal([high, plain, low], ran.Select(x => x.TaskId));
    }

    [Fact]
    public async Task Rest_takes_returns_and_replaces_the_priority_and_refuses_one_out_of_range_naming_it()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-prio-rest");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        var http = dashboard.Http;
        string Body(object priority) =>
            $$"""{"directory": {{JsonSerializer.Serialize(sandbox.Logs)}}, "pattern": "*.log", "maxFiles": 3, "priority": {{priority}}}""";

        var created = await http.PostAsync("/api/cleanup", Json(Body(42)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(42, (await http.GetFromJsonAsync<JsonElement>($"/api/cleanup/{id}")).GetProperty("priority").GetInt32());
        Assert.Equal(42, (await http.GetFromJsonAsync<JsonElement>("/api/cleanup"))[0].GetProperty("priority").GetInt32());
        var put = await http.PutAsync($"/api/cleanup/{id}", Json(Body(-3)));
        Assert.Equal(-3, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priority").GetInt32());

        var outOfRange = await http.PostAsync("/api/cleanup", Json(Body(5000)));
        var problem = await outOfRange.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Equal("cleanup \"priority\" is 5000; expected a whole number from -1000 to 1000 (higher runs first, 0 when not given)",
            problem.GetProperty("detail").GetString());
        Assert.Equal("priority", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/cleanup", Json(Body("\"5\"")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/cleanup", Json(Body(1.5)))).StatusCode);
        Assert.Single(await http.GetFromJsonAsync<JsonElement[]>("/api/cleanup") ?? []);

        // null is "not given", as for "interval": the default.
        var nulled = await http.PutAsync($"/api/cleanup/{id}", Json(Body("null").Replace("\"maxFiles\": 3", "\"maxFiles\": 3, \"interval\": null")));
        Assert.Equal(HttpStatusCode.OK, nulled.StatusCode);
        Assert.Equal(0, (await nulled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task Cli_registers_with_a_priority_shows_it_keeps_it_on_update_unless_given_and_refuses_one_out_of_range()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-prio-cli");
        var environment = InProcessCli.Environment(redis);
        environment["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = sandbox.Allowed;
        Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcessCli.RunAsync(environment, args);

        var registered = await Run("cleanup", "register", "-d", sandbox.Logs, "-p", "*.log", "--max-files", "3", "--priority", "5");
        Assert.True(registered.Code == ExitCodes.Ok, registered.Err);
        var id = registered.Out.Trim();
        Assert.Contains("priority:    5 (higher runs first", (await Run("cleanup", "get", id)).Out);
        Assert.Equal(ExitCodes.Ok, (await Run("cleanup", "update", id, "--max-files", "4")).Code);
        Assert.Equal(5, JsonDocument.Parse((await Run("cleanup", "get", id, "--json")).Out).RootElement.GetProperty("priority").GetInt32());
        Assert.Equal(ExitCodes.Ok, (await Run("cleanup", "update", id, "--priority", "-3")).Code);
        var list = (await Run("cleanup", "list")).Out.Split('\n');
        Assert.Contains("PRIORITY", list[0]);
        Assert.Contains(" -3 ", list.Single(line => line.StartsWith(id, StringComparison.Ordinal)));

        var refused = await Run("cleanup", "register", "-d", sandbox.Logs, "-p", "*.tmp", "--max-files", "3", "--priority", "2000");
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Equal("error: --priority \"2000\" is not accepted; expected a whole number from -1000 to 1000", refused.Err.Split('\n')[0].Trim());
        Assert.Single(JsonDocument.Parse((await Run("cleanup", "list", "--json")).Out).RootElement.EnumerateArray());
    }
}
