using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>The CLI's commands parsed from command strings and run against real Redis (and a real worker where runs matter).</summary>
public sealed class CliTests
{
    private static string Id(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;

    [Fact]
    public async Task Schedule_list_info_pause_resume_cancel_round_trip()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-lifecycle");
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 5 minutes", "--message", "hello", "--name", "greeter", "--tag", "cli", "--json");
        Assert.True(scheduled.Code == 0, scheduled.Err);
        var id = Id(scheduled.Out);

        var list = await InProcessCli.RunAsync(redis, "list");
        Assert.Equal(0, list.Code);
        Assert.Matches(@"ID\s+NAME\s+TYPE\s+STATUS\s+NEXT RUN", list.Out);
        Assert.Contains("greeter", list.Out);
        Assert.Contains("in 4 min", list.Out);
        var listJson = await InProcessCli.RunAsync(redis, "list", "--status", "scheduled", "--type", "notification", "--json");
        Assert.Equal(id, JsonDocument.Parse(listJson.Out).RootElement[0].GetProperty("id").GetString());

        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "pause", id)).Code);
        Assert.Contains("status:      paused", (await InProcessCli.RunAsync(redis, "info", id)).Out);
        var again = await InProcessCli.RunAsync(redis, "pause", id);
        Assert.Equal(ExitCodes.Conflict, again.Code);
        Assert.Contains("paused and cannot become paused", again.Err);
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "resume", id)).Code);
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "cancel", id)).Code);
        var triggered = await InProcessCli.RunAsync(redis, "trigger", id);
        Assert.Equal(ExitCodes.Conflict, triggered.Code);
        Assert.Contains("cancelled", triggered.Err);
        Assert.Equal(ScheduleStatus.Cancelled, (await redis.CreateClient().GetAsync(id))!.Status);
        var events = await InProcessCli.RunAsync(redis, "events", "--task", id);
        Assert.Contains("scheduler.task.paused", events.Out);
        Assert.Contains("scheduler.task.cancelled", events.Out);
    }

    [Fact]
    public async Task Trigger_waits_for_the_result_and_runs_lists_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-trigger");
        await using var system = await InProcessSystem.StartAsync(redis);
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "shell", "every day at 3am", "--json", "--", "echo", "from; rm -rf /tmp/nothing");
        Assert.True(scheduled.Code == 0, scheduled.Err);
        var id = Id(scheduled.Out);

        var trigger = await InProcessCli.RunAsync(redis, "trigger", id, "--wait", "30s");
        Assert.True(trigger.Code == 0, trigger.Out + trigger.Err);
        Assert.Contains("succeeded", trigger.Out);
        Assert.Contains("from; rm -rf /tmp/nothing", trigger.Out);
        var runs = await InProcessCli.RunAsync(redis, "runs", id);
        Assert.Matches(@"RUN\s+ATTEMPT\s+OUTCOME", runs.Out);
        Assert.Contains("succeeded", runs.Out);
        var wait = await InProcessCli.RunAsync(redis, "wait", id, "--timeout", "300ms");
        Assert.Equal(ExitCodes.TimedOut, wait.Code);
        Assert.Contains("no result", wait.Err);
    }

    [Theory]
    [InlineData(new[] { "schedule", "notification", "every munday at 9am", "--message", "x" }, ExitCodes.BadInput, "munday")]
    [InlineData(new[] { "schedule", "notification", "in 5 minutes" }, ExitCodes.BadInput, "--message")]
    [InlineData(new[] { "schedule", "notification", "in 5 minutes", "--message", "x", "--max-runs", "0" }, ExitCodes.BadInput, "--max-runs \"0\" is not accepted; expected a whole number of at least 1")]
    [InlineData(new[] { "schedule", "notification", "in 5 minutes", "--message", "x", "--soft-timeout", "soon" }, ExitCodes.BadInput, "--soft-timeout")]
    [InlineData(new[] { "schedule", "shell", "in 5 minutes", "--env", "NOEQUALS", "--", "ls" }, ExitCodes.BadInput, "KEY=VALUE")]
    [InlineData(new[] { "schedule", "mcp_tool", "in 5 minutes", "--server-name", "s", "--tool-name", "t", "--arguments", "[1" }, ExitCodes.BadInput, "JSON object")]
    [InlineData(new[] { "schedule", "teleport", "in 5 minutes" }, ExitCodes.BadInput, "teleport")]
    [InlineData(new[] { "info", "no-such-task" }, ExitCodes.NotFound, "no task")]
    [InlineData(new[] { "runs", "no-such-task" }, ExitCodes.NotFound, "no task")]
    [InlineData(new[] { "trigger", "no-such-task" }, ExitCodes.NotFound, "no task")]
    [InlineData(new[] { "events", "--task", "no-such-task" }, ExitCodes.NotFound, "no task with id \"no-such-task\"")]
    [InlineData(new[] { "events", "--task", "no-such-task", "--after", "0" }, ExitCodes.NotFound, "no task with id \"no-such-task\"")]
    [InlineData(new[] { "list", "--status", "sleeping" }, ExitCodes.BadInput, "sleeping")]
    [InlineData(new[] { "frobnicate" }, ExitCodes.BadInput, "frobnicate")]
    [InlineData(new[] { "audit", "--since", " " }, ExitCodes.BadInput, "--since is empty")]
    [InlineData(new[] { "parse", "cron:0 9 * * *", "--now", "0001-01-01T00:00:00Z" }, ExitCodes.Ok, "")]
    [InlineData(new[] { "events", "--after", "foo" }, ExitCodes.BadInput, "--after \"foo\" is not accepted; expected an event id")]
    [InlineData(new[] { "events", "--after", "99999999999999999999" }, ExitCodes.BadInput, "--after \"99999999999999999999\" is not accepted; expected an event id")]
    [InlineData(new[] { "retry", " " }, ExitCodes.BadInput, "run id")]
    [InlineData(new[] { "retry", "x:y" }, ExitCodes.NotFound, "no task with id \"x\"")]
    [InlineData(new[] { "schedule", "shell", "every 1 minute", "--id", "fail1", "--max-retries", "0", "--", "false" }, ExitCodes.BadInput, "\"--max-retries\" is not an option")]
    [InlineData(new[] { "wait", "no-such-task", "--run-id", "garbage id", "--timeout", "2s" }, ExitCodes.BadInput, "is not a run id")]
    public async Task Bad_input_gets_its_exit_code_and_one_clear_line(string[] args, int code, string mentioned)
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-bad");
        var result = await InProcessCli.RunAsync(redis, args);
        Assert.True(result.Code == code, $"exit {result.Code}: {result.Out}{result.Err}");
        Assert.Contains(mentioned, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.Empty(await redis.CreateClient().ListAsync());
    }

    [Fact]
    public async Task Json_errors_are_one_object_on_stdout_and_unreachable_redis_is_exit_4()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-json");
        var bad = await InProcessCli.RunAsync(redis, "schedule", "notification", "whenever", "-m", "x", "--json");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("whenever", JsonDocument.Parse(bad.Out).RootElement.GetProperty("error").GetString());
        var unreachable = await InProcessCli.RunAsync(redis, "list", "--redis", "127.0.0.1:1");
        Assert.Equal(ExitCodes.RedisUnreachable, unreachable.Code);
        Assert.Contains("cannot reach Redis", unreachable.Err);
        // A database Redis does not have: waiting does not create it, so it is named with what is accepted, exit 4.
        var noDatabase = await InProcessCli.RunAsync(redis, "list", "--redis", $"{redis.ConnectionString.Split(',')[0]},defaultDatabase=99");
        Assert.Equal(ExitCodes.RedisUnreachable, noDatabase.Code);
        Assert.Contains("has no database 99; expected one it has", noDatabase.Err);
    }

    [Fact]
    public async Task Health_reports_live_processes_by_role_for_container_healthchecks()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-health");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var worker = await Eventually.WaitAsync(() => InProcessCli.RunAsync(redis, "health", "--process", "worker"), r => r.Code == 0, TimeSpan.FromSeconds(20), "a live worker");
        Assert.Contains("healthy", worker.Out);
        var beat = await InProcessCli.RunAsync(redis, "health", "--process", "beat");
        Assert.Equal(ExitCodes.Failure, beat.Code);
        Assert.Contains("unhealthy: no beat", beat.Out);
        Assert.Equal(ExitCodes.BadInput, (await InProcessCli.RunAsync(redis, "health", "--process", "janitor")).Code);
        // The system as a whole, as GET /health judges it: a worker but no Beat is degraded (nothing fires).
        var system2 = await InProcessCli.RunAsync(redis, "health");
        Assert.Equal(ExitCodes.Failure, system2.Code);
        Assert.Contains("degraded: redis reachable, 1 process(es) alive, but no live beat (nothing fires)", system2.Out);
    }

    [Fact]
    public async Task Parse_prints_description_and_exact_json()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-parse");
        var json = await InProcessCli.RunAsync(redis, "parse", "every weekday at 9am", "--tz", "Europe/Berlin", "--now", "2026-03-07T12:00:00Z", "--next", "2", "--json");
        Assert.Equal(0, json.Code);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("cron", root.GetProperty("kind").GetString());
        Assert.Equal("Europe/Berlin", root.GetProperty("timeZone").GetString());
        Assert.Equal(["2026-03-09T09:00:00.000000+01:00", "2026-03-10T09:00:00.000000+01:00"], root.GetProperty("next").EnumerateArray().Select(e => e.GetString()));
        var rejected = await InProcessCli.RunAsync(redis, "parse", "every munday", "--json");
        Assert.Equal(ExitCodes.BadInput, rejected.Code);
        Assert.Contains("munday", JsonDocument.Parse(rejected.Out).RootElement.GetProperty("error").GetString());
        // Quotes as JSON writes them for a reader (\"), as every other --json output does, not as \u0022.
        Assert.Contains("unknown weekday \\\"munday\\\"", rejected.Out);
        var human = await InProcessCli.RunAsync(redis, "parse", "in 90 seconds", "--now", "2026-03-07T12:00:00Z");
        Assert.Contains("2026-03-07 12:01:30", human.Out);
    }

    [Theory]
    [InlineData("@weekly")]
    [InlineData("@daily")]
    [InlineData("@hourly")]
    public async Task Specs_starting_with_at_sign_reach_the_parser_instead_of_being_read_as_response_files(string spec)
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-macro");
        var parsed = await InProcessCli.RunAsync(redis, "parse", spec, "--now", "2026-03-07T12:00:00Z", "--json");
        Assert.True(parsed.Code == 0, parsed.Err + parsed.Out);
        Assert.Equal(spec, JsonDocument.Parse(parsed.Out).RootElement.GetProperty("canonical").GetString());
        var human = await InProcessCli.RunAsync(redis, "parse", spec, "--now", "2026-03-07T12:00:00Z");
        Assert.Contains($"cron: {spec}", human.Out);
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", spec, "--message", "m", "--json");
        Assert.True(scheduled.Code == 0, scheduled.Err + scheduled.Out);
        var info = await InProcessCli.RunAsync(redis, "info", Id(scheduled.Out), "--json");
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains(spec, info.Out);
    }

    [Fact]
    public async Task Parse_shows_the_canonical_form_english_compiled_to()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-parse-english");
        var cron = JsonDocument.Parse((await InProcessCli.RunAsync(redis, "parse", "every last friday of the month at 5pm", "--now", "2026-03-07T12:00:00Z", "--json")).Out).RootElement;
        Assert.Equal("cron", cron.GetProperty("kind").GetString());
        Assert.Equal("0 17 * * 5L", cron.GetProperty("canonical").GetString());
        Assert.Equal("on the last Friday of every month at 17:00 (UTC)", cron.GetProperty("description").GetString());
        var rule = await InProcessCli.RunAsync(redis, "parse", "every other day at noon", "--now", "2026-03-07T12:00:00Z", "--next", "2");
        Assert.True(rule.Code == 0, rule.Err);
        Assert.Contains("every other day at 12:00", rule.Out);
        Assert.Contains("rule: DTSTART:20260307T120000Z RRULE:FREQ=DAILY;INTERVAL=2", rule.Out);
        Assert.Contains("2026-03-09 12:00", rule.Out);
        var ambiguous = await InProcessCli.RunAsync(redis, "parse", "twice a day");
        Assert.Equal(ExitCodes.BadInput, ambiguous.Code);
        Assert.Contains("every day at 9am and 9pm", ambiguous.Err);
    }
}
