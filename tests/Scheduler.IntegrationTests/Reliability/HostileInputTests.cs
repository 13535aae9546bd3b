using System.Net;
using System.Text;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>500+ generated bad inputs through the client, the REST API and the CLI: clear errors, no crash, nothing written.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private sealed class Tally
    {
        public int Cases, Clear;
        public readonly List<string> Crashes = [];
        public void Add(bool clear, string description) { Cases++; if (clear) Clear++; else Crashes.Add(description); }
    }

    [Fact]
    public async Task Every_bad_input_gets_a_clear_error_and_nothing_is_written()
    {
        var specs = HostileInputs.Specs(ReliabilityReport.Full ? 2000 : 320);
        var definitions = HostileInputs.Definitions();
        var bodies = HostileInputs.MalformedBodies();
        await using var redis = await RedisTestContext.CreateAsync("rel-hostile");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        var tally = new Tally();

        foreach (var spec in specs) tally.Add(await ClientRejectsAsync(() => client.ScheduleAsync(new NotificationTask("x"), spec)), $"client spec {Show(spec)}");
        foreach (var task in definitions) tally.Add(await ClientRejectsAsync(() => client.ScheduleAsync(task, "in 5 minutes")), $"client task {task}");
        foreach (var id in new[] { "a*", "b?", "c[d]", "../x", "a b", new string('x', 200), "ü", "" })
            tally.Add(await ClientRejectsAsync(() => client.ScheduleAsync(new NotificationTask("x"), "in 5 minutes", new ScheduleOptions { Id = id })), $"client id {Show(id)}");

        foreach (var spec in specs.Take(150))
            tally.Add(await RestRejectsAsync(dashboard, HostileInputs.Body(new NotificationTask("x"), spec)), $"REST spec {Show(spec)}");
        foreach (var task in definitions) tally.Add(await RestRejectsAsync(dashboard, HostileInputs.Body(task, "in 5 minutes")), $"REST task {task}");
        foreach (var body in bodies) tally.Add(await RestRejectsAsync(dashboard, body), $"REST body {Show(body)}");

        foreach (var spec in specs.Where(s => !s.Contains('\0')).Take(60))
            tally.Add(await CliRejectsAsync(redis, ["schedule", "notification", spec, "--message", "x"]), $"CLI spec {Show(spec)}");
        using var definitionFile = TestPaths.CreateTempDirectory("hostile-cli");
        foreach (var (task, i) in definitions.Select((t, i) => (t, i)))
        {
            var path = definitionFile.File($"task{i}.json");
            await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(task, TaskTypes.JsonOptions));
            tally.Add(await CliRejectsAsync(redis, ["schedule", "task", "in 5 minutes", "--definition", path]), $"CLI task {task}");
        }

        // The dashboard's own heartbeat and its host clock's offset from Redis's, the data set's identity it reads with it
        // and, from its start, where its Hangfire storage lives are the only keys it may have written.
        var ownKeys = new[] { "heartbeats", "hangfire", "dataset" }.Select(k => redis.KeyPrefix + k).ToHashSet();
        var writtenKeys = new List<string>();
        await foreach (var key in redis.Redis.GetServers()[0].KeysAsync(pattern: redis.KeyPrefix + "*"))
            if (!ownKeys.Contains(key!) && !key.ToString().StartsWith(redis.KeyPrefix + "clock:dashboard:", StringComparison.Ordinal)) writtenKeys.Add(key!);
        var written = writtenKeys.Count;
        var stillUp = (await dashboard.Http.GetAsync("/api/schedules")).StatusCode == HttpStatusCode.OK;
        ReliabilityReport.Write(output, $"hostile-input: cases={tally.Cases} clear-errors={tally.Clear} crashes={tally.Crashes.Count} " +
            $"partial-writes={written} dashboard-up={stillUp}");
        Assert.True(tally.Cases >= 500, $"only {tally.Cases} cases");
        Assert.True(tally.Crashes.Count == 0, string.Join("\n", tally.Crashes.Take(20)));
        Assert.True(written == 0, string.Join(", ", writtenKeys));
        Assert.True(stillUp);
    }

    private static async Task<bool> ClientRejectsAsync(Func<Task> schedule)
    {
        try { await schedule(); return false; }
        catch (ScheduleSpecException e) { return IsClear(e.Message); }
        catch (InvalidTaskException e) { return IsClear(e.Message); }
    }

    private static async Task<bool> RestRejectsAsync(InProcessDashboard dashboard, string body)
    {
        using var response = await dashboard.Http.PostAsync($"/api/tasks/hostile-{Guid.NewGuid():N}/schedule", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode is >= 400 and < 500
            && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && text.Contains("\"detail\"") && !text.Contains("   at ");
    }

    private static async Task<bool> CliRejectsAsync(RedisTestContext redis, string[] args)
    {
        var (code, _, error) = await InProcessCli.RunAsync(redis, args);
        return code == ExitCodes.BadInput && error.StartsWith("error: ") && !error.Contains("   at ");
    }

    private static bool IsClear(string message) => message.Length is > 10 and < 2000 && !message.Contains("   at ");

    private static string Show(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
