using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Clock;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Processes whose host clocks are off go by Redis's clock: a Beat on a fast host does not fire before the instant, one
/// on a slow host does not fire late, a worker on either records a true start, and operators see the skew. The skew is
/// made with the test-only host clock shift (<see cref="ClockOptions.TestHostShiftVariable"/>); Redis runs on this host,
/// so this test's own clock is Redis's.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class ClockSkewTests
{
    private static Dictionary<string, string?>? Shifted(int ms) => ms == 0 ? null : new() { [ClockOptions.TestHostShiftVariable] = ms.ToString() };

    [Theory]
    [InlineData(5000, 0)]   // the Beat's host clock 5 s fast: it would fire 5 s early
    [InlineData(-5000, 0)]  // 5 s slow: it would fire 5 s late
    [InlineData(0, 5000)]   // the worker's 5 s fast: it would record a start 5 s late
    [InlineData(0, -5000)]  // 5 s slow: it would record a start before the instant
    public async Task A_one_shot_starts_not_before_its_instant_and_not_seconds_after_whatever_the_hosts_clocks_say(int beatAheadMs, int workerAheadMs)
    {
        await using var redis = await RedisTestContext.CreateAsync($"clock-skew-{beatAheadMs}-{workerAheadMs}");
        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, settings: Shifted(beatAheadMs));
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings: Shifted(workerAheadMs));
        var client = redis.CreateClient();
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeMilliseconds());

        var task = await client.ScheduleAsync(new NotificationTask("tick") { Execution = TaskRuns.Fast() }, instant);
        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal(instant, run.DueAt);
        Assert.True(run.StartedAt >= instant, $"started {run.StartedAt:O}, before its instant {instant:O}");
        // Seconds rather than milliseconds, to stay clear of a loaded machine; a 5 s skew followed would exceed it.
        Assert.True(run.StartedAt - instant < TimeSpan.FromSeconds(2.5), $"started {run.StartedAt:O}, {(run.StartedAt - instant).TotalSeconds:0.0} s after its instant {instant:O}");
    }

    [Fact]
    public async Task Health_names_a_process_whose_host_clock_is_off_and_by_how_much()
    {
        await using var redis = await RedisTestContext.CreateAsync("clock-skew-health");
        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0);
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings: Shifted(4100));
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var json = await Eventually.WaitAsync(async () => JsonDocument.Parse((await InProcessCli.RunAsync(redis, "health", "--json")).Out).RootElement,
            h => h.GetProperty("clocks").EnumerateObject().Count() >= 2, TimeSpan.FromSeconds(20), "every process's clock in scheduler health");
        var clocks = json.GetProperty("clocks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("aheadOfRedisMs").GetDouble());
        var workerId = Assert.Single(clocks.Keys, k => k.StartsWith("worker:"));
        Assert.InRange(clocks[workerId], 4000, 4200);
        Assert.All(clocks.Where(c => c.Key != workerId), c => Assert.InRange(c.Value, -100, 100));

        var (code, text, _) = await InProcessCli.RunAsync(redis, "health");
        Assert.Equal(0, code);
        Assert.Contains($"note: {workerId}'s host clock is 4.1 s ahead of Redis's", text);

        var api = await dashboard.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.InRange(api.GetProperty("clocks").GetProperty(workerId).GetProperty("aheadOfRedisMs").GetDouble(), 4000, 4200);
        Assert.Contains(api.GetProperty("clockNotes").EnumerateArray(), n => n.GetString()!.StartsWith($"{workerId}'s host clock is 4.1 s ahead"));
    }

    [Fact]
    public async Task The_cli_counts_in_5_minutes_from_redis_clock_not_from_a_host_clock_an_hour_fast()
    {
        await using var redis = await RedisTestContext.CreateAsync("clock-skew-cli");
        var environment = InProcessCli.Environment(redis);
        var error = new StringWriter();
        var context = new CliContext(TextWriter.Null, error, name => environment.GetValueOrDefault(name))
        {
            Time = new ShiftedHostClock(TimeProvider.System, TimeSpan.FromHours(1)),
        };

        var before = DateTimeOffset.UtcNow;
        Assert.Equal(0, await SchedulerCli.RunAsync(["schedule", "notification", "in 5 minutes", "--message", "hi", "--id", "soon", "--verbose"], context));
        var after = DateTimeOffset.UtcNow;

        var next = (await redis.CreateClient().GetAsync("soon"))!.NextRunAt!.Value;
        Assert.InRange(next, before.AddMinutes(5).AddSeconds(-1), after.AddMinutes(5).AddSeconds(1));
        Assert.Matches(@"verbose: this host's clock is 3600(\.\d)? s ahead of Redis's; the command goes by Redis's", error.ToString());
    }

    [Fact]
    public async Task The_cli_counts_an_option_read_once_connected_from_redis_clock_pause_until_2h()
    {
        await using var redis = await RedisTestContext.CreateAsync("clock-skew-cli-until");
        var environment = InProcessCli.Environment(redis);
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => environment.GetValueOrDefault(name))
        {
            Time = new ShiftedHostClock(TimeProvider.System, TimeSpan.FromHours(1)),
        };
        Assert.Equal(0, await SchedulerCli.RunAsync(["schedule", "notification", "every 1 hour", "--message", "hi", "--id", "held"], context));

        var before = DateTimeOffset.UtcNow;
        Assert.Equal(0, await SchedulerCli.RunAsync(["pause", "held", "--until", "2h"], context));
        var after = DateTimeOffset.UtcNow;

        var until = (await redis.CreateClient().GetAsync("held"))!.Pause!.Until!.Value;
        Assert.InRange(until, before.AddHours(2).AddSeconds(-1), after.AddHours(2).AddSeconds(1));
    }

    [Fact]
    public async Task The_cli_counts_start_at_backfill_and_audit_since_from_redis_clock_not_from_a_host_clock_an_hour_fast()
    {
        await using var redis = await RedisTestContext.CreateAsync("clock-skew-cli-instants");
        var environment = InProcessCli.Environment(redis);
        var output = new StringWriter();
        var error = new StringWriter();
        // A context per command, as each run of the CLI is a process of its own: one connected goes by Redis's clock after.
        CliContext Context() => new(output, error, name => environment.GetValueOrDefault(name))
        {
            Time = new ShiftedHostClock(TimeProvider.System, TimeSpan.FromHours(1)),
        };

        var before = DateTimeOffset.UtcNow;
        Assert.Equal(0, await SchedulerCli.RunAsync(["schedule", "notification", "every 1 hour", "--message", "hi", "--id", "hourly", "--start-at", "in 10 minutes"], Context()));
        var next = (await redis.CreateClient().GetAsync("hourly"))!.NextRunAt!.Value;
        Assert.InRange(next, before.AddMinutes(10).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));

        // The default end, "now", an hour ahead would be refused as in the future.
        output.GetStringBuilder().Clear();
        Assert.True(await SchedulerCli.RunAsync(["backfill", "hourly", "--from", "2h", "--dry-run", "--json"], Context()) == 0, error.ToString());
        var to = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("to").GetDateTimeOffset();
        Assert.InRange(to, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        // "Since 30 minutes ago" an hour ahead would start half an hour from now, after the task's creation.
        output.GetStringBuilder().Clear();
        Assert.Equal(0, await SchedulerCli.RunAsync(["audit", "--since", "30m", "--json"], Context()));
        Assert.Contains(JsonDocument.Parse(output.ToString()).RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("taskId").GetString() == "hourly");
    }

    [Fact]
    public async Task A_redis_user_denied_time_leaves_processes_and_the_cli_on_their_hosts_clock_and_working()
    {
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "&*", "+@all", "-time");
        await using var redis = await RedisTestContext.CreateAsync("clock-time-denied", server.ConnectionString);
        await using var system = await InProcessSystem.StartAsync(redis);

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), new NotificationTask("tick") { Execution = TaskRuns.Fast() });
        Assert.Equal([RunOutcome.Succeeded], runs.Select(r => r.Outcome));

        var (code, _, err) = await InProcessCli.RunAsync(redis, "list", "--verbose");
        Assert.True(code == 0, err);
        Assert.Contains("verbose: Redis's clock not read (NOPERM", err);
    }
}
