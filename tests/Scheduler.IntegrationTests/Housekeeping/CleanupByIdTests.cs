using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// A cleanup registered under an id of its own (<c>PUT /api/cleanup/{id}</c>, <c>cleanup register --id</c>,
/// <c>ApplyCleanupAsync</c>) is one registration however often a module registers it at start; a PATCH changes only
/// the fields it gives.
/// </summary>
public sealed class CleanupByIdTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    [Fact]
    public async Task Put_registers_under_the_id_once_and_replaces_or_leaves_it_after()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-put");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        var body = JsonSerializer.Serialize(new { directory = sandbox.Logs, pattern = "*.tmp", retentionDays = 7, description = "Temporary files for my module" });

        var created = await dashboard.Http.PutAsync("/api/cleanup/my-module-temp", Json(body));
        var again = await dashboard.Http.PutAsync("/api/cleanup/my-module-temp", Json(body));
        var changed = await dashboard.Http.PutAsync("/api/cleanup/my-module-temp", Json(body.Replace("\"retentionDays\":7", "\"retentionDays\":30")));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/cleanup/my-module-temp", created.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("updatedAt").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updatedAt").GetString());
        Assert.Equal(30, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retentionDays").GetInt32());
        var all = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/cleanup");
        Assert.Equal(["my-module-temp"], all.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var audit = await redis.CreateClient(verifyWorkers: false).GetAuditAsync(new() { TaskId = "my-module-temp" });
        Assert.Equal(2, audit.Entries.Count);
    }

    [Fact]
    public async Task Patch_changes_the_fields_it_gives_removes_the_ones_it_nulls_and_names_what_it_cannot_take()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-patch");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        var body = JsonSerializer.Serialize(new { directory = sandbox.Logs, pattern = "*.log", retentionDays = 7, maxFiles = 10, description = "logs", moduleId = "ops" });
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.PutAsync("/api/cleanup/logs", Json(body))).StatusCode);

        var patched = await dashboard.Http.PatchAsync("/api/cleanup/logs", Json("""{"retentionDays": 60, "Description": null}"""));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var stored = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/cleanup/logs");
        Assert.Equal((60, 10, "ops", "*.log"), (stored.GetProperty("retentionDays").GetInt32(), stored.GetProperty("maxFiles").GetInt32(),
            stored.GetProperty("moduleId").GetString(), stored.GetProperty("pattern").GetString()));
        Assert.False(stored.TryGetProperty("description", out var description) && description.ValueKind != JsonValueKind.Null);

        // An empty description is none, as null is, not a blank one.
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.PatchAsync("/api/cleanup/logs", Json("""{"description": "x"}"""))).StatusCode);
        var emptied = await (await dashboard.Http.PatchAsync("/api/cleanup/logs", Json("""{"description": ""}"""))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(emptied.TryGetProperty("description", out var blank) && blank.ValueKind != JsonValueKind.Null);

        var unknown = await dashboard.Http.PatchAsync("/api/cleanup/logs", Json("""{"retentionDay": 5}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown field \"retentionDay\"", await DetailAsync(unknown));
        var wrongType = await dashboard.Http.PatchAsync("/api/cleanup/logs", Json("""{"retentionDays": "five"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.StartsWith("retentionDays has the wrong type", await DetailAsync(wrongType));
        var nothing = await dashboard.Http.PatchAsync("/api/cleanup/logs", Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.StartsWith("nothing to change; expected at least one of directory, pattern", await DetailAsync(nothing));
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.PatchAsync("/api/cleanup/none", Json("""{"retentionDays": 5}"""))).StatusCode);
        Assert.Equal(60, (await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/cleanup/logs")).GetProperty("retentionDays").GetInt32());
    }

    [Fact]
    public async Task Cli_register_with_an_id_at_every_start_keeps_one_registration_and_says_what_it_found()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-cli-id");
        var environment = InProcessCli.Environment(redis);
        environment["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = sandbox.Allowed;
        string[] register = ["cleanup", "register", "--id", "my-module-temp", "-d", sandbox.Logs, "-p", "*.tmp", "--retention-days", "7"];

        var first = await InProcessCli.RunAsync(environment, register);
        var second = await InProcessCli.RunAsync(environment, register);
        var third = await InProcessCli.RunAsync(environment, [.. register[..^1], "30"]);
        var bad = await InProcessCli.RunAsync(environment, ["cleanup", "register", "--id", "no spaces", "-d", sandbox.Logs, "-p", "*.tmp", "--retention-days", "7"]);

        Assert.Equal((ExitCodes.Ok, "my-module-temp", ""), (first.Code, first.Out.Trim(), first.Err.Trim()));
        Assert.Equal((ExitCodes.Ok, "my-module-temp"), (second.Code, second.Out.Trim()));
        Assert.Contains("registered already with these options: unchanged", second.Err);
        Assert.Contains("its options replaced", third.Err);
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("cleanup registration id \"no spaces\" is not accepted", bad.Err);
        var registrations = await redis.CreateClient(verifyWorkers: false).ListCleanupsAsync();
        Assert.Equal(30, Assert.Single(registrations).RetentionDays);
        // One interval (an hour by default) after it was registered, when a worker runs it by itself.
        var shown = await InProcessCli.RunAsync(environment, ["cleanup", "get", "my-module-temp"]);
        var next = Assert.Single(shown.Out.Split('\n'), l => l.StartsWith("next run:    ", StringComparison.Ordinal));
        var at = DateTimeOffset.Parse(next["next run:    ".Length..next.IndexOf(" (", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at - registrations[0].CreatedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }
}
