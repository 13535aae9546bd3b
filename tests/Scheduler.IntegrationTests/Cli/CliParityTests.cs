using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// The commands and options that put the CLI on par with the source systems (issue 22 §5, §6): reschedule, update,
/// cancel --all, list filters, schedule metadata, "pending", "already ended", and who created or changed a task.
/// </summary>
public sealed class CliParityTests
{
    private static async Task<string> ScheduleAsync(RedisTestContext redis, params string[] args)
    {
        var result = await InProcessCli.RunAsync(redis, ["schedule", "notification", .. args, "--json"]);
        Assert.True(result.Code == 0, result.Err + result.Out);
        return JsonDocument.Parse(result.Out).RootElement.GetProperty("id").GetString()!;
    }

    private static IEnumerable<string> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()!).Order();

    [Fact]
    public async Task Reschedule_moves_a_task_to_a_new_spec_keeping_its_id_definition_and_run_history()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-reschedule");
        await using var system = await InProcessSystem.StartAsync(redis);
        var id = await ScheduleAsync(redis, "every day at 3am", "-m", "keep me", "--as", "alice");
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "trigger", id, "--wait", "30s")).Code);

        var moved = await InProcessCli.RunAsync(redis, "reschedule", id, "every monday at 7am", "--tz", "Europe/Berlin", "--as", "bob");
        Assert.True(moved.Code == 0, moved.Err);
        Assert.Contains($"rescheduled {id}: every Monday at 07:00 (Europe/Berlin)", moved.Out);
        var task = (await redis.CreateClient().GetAsync(id))!;
        Assert.Equal("every monday at 7am", task.Spec);
        Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(task.NextRunAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DayOfWeek);
        Assert.Equal("keep me", ((NotificationTask)task.Task).Message);
        // The history stays; the counters restart with the new spec, as for a replace.
        Assert.Equal(0, task.RunCount);
        Assert.Single(await redis.CreateClient().GetRunsAsync(id));
        Assert.Equal(("alice", "bob"), (task.CreatedBy, task.ChangedBy));

        Assert.Equal(ExitCodes.BadInput, (await InProcessCli.RunAsync(redis, "reschedule", id, "every munday")).Code);
        Assert.Equal(ExitCodes.NotFound, (await InProcessCli.RunAsync(redis, "reschedule", "no-such-task", "every day")).Code);
    }

    [Fact]
    public async Task Update_changes_only_the_options_given_and_info_shows_who_created_and_changed_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-update");
        var id = await ScheduleAsync(redis, "every 10 minutes", "-m", "m", "--name", "n", "--tag", "a", "--max-runs", "5", "--as", "alice");

        var updated = await InProcessCli.RunAsync(redis, "update", id, "--description", "nightly export", "--tag", "b", "--tag", "c", "--queue", "critical",
            "--module", "billing", "--end-at", "2031-01-01T00:00", "--tz", "Europe/Berlin", "--overlap", "queue", "--as", "bob");
        Assert.True(updated.Code == 0, updated.Err);
        var task = (await redis.CreateClient().GetAsync(id))!;
        Assert.Equal(("n", "nightly export", 5), (task.Name, task.Description, task.Options.MaxRuns));
        Assert.Equal(["b", "c"], task.Options.Tags!);
        Assert.Equal(("critical", "billing", OverlapPolicy.Queue), (task.Options.Queue, task.Options.ModuleId, task.Options.Overlap));
        Assert.Equal(DateTimeOffset.Parse("2030-12-31T23:00:00Z"), task.Options.EndAt);
        Assert.Equal("Europe/Berlin", task.Schedule.TimeZone);

        var flow = await InProcessCli.RunAsync(redis, "update", id, "--concurrency", "key=exports,limit=2", "--rate-limit", "key=exports,count=5,per=1m", "--priority", "low", "--as", "bob");
        Assert.True(flow.Code == 0, flow.Err);
        task = (await redis.CreateClient().GetAsync(id))!;
        Assert.Equal((new Scheduler.Contracts.Flow.ConcurrencyLimit("exports", 2), Scheduler.Contracts.Flow.TaskPriority.Low), (task.Options.Concurrency, task.Options.Priority));
        Assert.Equal(TimeSpan.FromMinutes(1), task.Options.RateLimit!.Per);
        Assert.Equal(2, (await InProcessCli.RunAsync(redis, "update", id, "--concurrency", "limit=2")).Code);

        var info = await InProcessCli.RunAsync(redis, "info", id);
        Assert.Matches(@"created:\s+\d{4}-\d\d-\d\d .* by alice", info.Out);
        Assert.Matches(@"changed:\s+\d{4}-\d\d-\d\d .* by bob", info.Out);
        Assert.Contains("module:      billing", info.Out);
        var json = JsonDocument.Parse((await InProcessCli.RunAsync(redis, "info", id, "--json")).Out).RootElement.GetProperty("task");
        Assert.Equal("alice", json.GetProperty("createdBy").GetString());
        Assert.Equal("bob", json.GetProperty("changedBy").GetString());

        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "pause", id, "--as", "carol")).Code);
        Assert.Equal("carol", (await redis.CreateClient().GetAsync(id))!.ChangedBy);
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "resume", id, "--as", "dave")).Code);
        Assert.Equal("dave", (await redis.CreateClient().GetAsync(id))!.ChangedBy);
    }

    [Fact]
    public async Task Without_as_the_os_user_is_recorded()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-os-user");
        var id = await ScheduleAsync(redis, "in 1 hour", "-m", "m");
        Assert.Equal(Environment.UserName, (await redis.CreateClient().GetAsync(id))!.CreatedBy);
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "cancel", id)).Code);
        Assert.Equal(Environment.UserName, (await redis.CreateClient().GetAsync(id))!.ChangedBy);
    }

    [Fact]
    public async Task Cancel_all_prints_how_many_it_cancelled_and_honours_the_filters()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-cancel-all");
        var billing1 = await ScheduleAsync(redis, "every 5 minutes", "-m", "1", "--module", "billing");
        var billing2 = await ScheduleAsync(redis, "in 1 hour", "-m", "2", "--module", "billing");
        var other = await ScheduleAsync(redis, "every 5 minutes", "-m", "3", "--module", "reports");
        var ended = await ScheduleAsync(redis, "in 2 hours", "-m", "4", "--module", "billing");
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "cancel", ended)).Code);

        var recurringBilling = await InProcessCli.RunAsync(redis, "cancel", "--all", "--module", "billing", "--recurring");
        Assert.Equal((0, "cancelled 1 task(s)"), (recurringBilling.Code, recurringBilling.Out.Trim()));
        Assert.Equal(ScheduleStatus.Cancelled, (await redis.CreateClient().GetAsync(billing1))!.Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await redis.CreateClient().GetAsync(billing2))!.Status);

        var all = await InProcessCli.RunAsync(redis, "cancel", "--all", "--json");
        Assert.Equal(2, JsonDocument.Parse(all.Out).RootElement.GetProperty("cancelled").GetInt32());
        Assert.Equal(ScheduleStatus.Cancelled, (await redis.CreateClient().GetAsync(other))!.Status);
        Assert.Equal("cancelled 0 task(s)", (await InProcessCli.RunAsync(redis, "cancel", "--all", "--status", "pending")).Out.Trim());
    }

    [Fact]
    public async Task Cancelling_a_task_that_already_ended_answers_already_ended_with_its_own_exit_code()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-cancel-ended");
        var id = await ScheduleAsync(redis, "in 1 hour", "-m", "m");
        var first = await InProcessCli.RunAsync(redis, "cancel", id);
        Assert.Equal((ExitCodes.Ok, $"cancelled {id}"), (first.Code, first.Out.Trim()));

        var again = await InProcessCli.RunAsync(redis, "cancel", id);
        Assert.Equal(ExitCodes.AlreadyEnded, again.Code);
        Assert.Equal($"already ended: task {id} is cancelled; nothing to cancel", again.Out.Trim());
        Assert.Empty(again.Err);
        var json = JsonDocument.Parse((await InProcessCli.RunAsync(redis, "cancel", id, "--json")).Out).RootElement;
        Assert.False(json.GetProperty("cancelled").GetBoolean());
        Assert.Equal("already ended", json.GetProperty("reason").GetString());
        Assert.Equal("cancelled", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_filters_by_module_recurring_tag_and_accepts_pending_for_scheduled()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-list-filters");
        var recurring = await ScheduleAsync(redis, "every 5 minutes", "-m", "1", "--module", "billing", "--tag", "nightly");
        var oneShot = await ScheduleAsync(redis, "in 1 hour", "-m", "2", "--module", "billing");
        var paused = await ScheduleAsync(redis, "every 5 minutes", "-m", "3", "--module", "reports", "--tag", "nightly");
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "pause", paused)).Code);

        Assert.Equal(new[] { recurring, oneShot }.Order(), Ids((await InProcessCli.RunAsync(redis, "list", "--module", "billing", "--json")).Out));
        Assert.Equal(new[] { recurring, paused }.Order(), Ids((await InProcessCli.RunAsync(redis, "list", "--recurring", "--json")).Out));
        Assert.Equal([oneShot], Ids((await InProcessCli.RunAsync(redis, "list", "--recurring", "false", "--json")).Out));
        Assert.Equal(new[] { recurring, paused }.Order(), Ids((await InProcessCli.RunAsync(redis, "list", "--tag", "nightly", "--json")).Out));
        Assert.Equal(new[] { recurring, oneShot }.Order(), Ids((await InProcessCli.RunAsync(redis, "list", "--status", "pending", "--json")).Out));
        Assert.Equal(new[] { recurring, oneShot }.Order(), Ids((await InProcessCli.RunAsync(redis, "list", "--status", "PENDING", "--json")).Out));
        var bad = await InProcessCli.RunAsync(redis, "list", "--status", "sleeping");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("scheduled (or pending)", bad.Err);
    }

    [Fact]
    public async Task Schedule_takes_description_module_end_at_and_run_if_past()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-schedule-options");
        var id = await ScheduleAsync(redis, "every day at 9am", "-m", "m", "--description", "daily digest", "--module", "digest",
            "--tz", "Europe/Berlin", "--end-at", "2031-06-01T12:00");
        var task = (await redis.CreateClient().GetAsync(id))!;
        Assert.Equal(("daily digest", "digest"), (task.Description, task.Options.ModuleId));
        Assert.Equal(DateTimeOffset.Parse("2031-06-01T10:00:00Z"), task.Options.EndAt);

        var past = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var refused = await InProcessCli.RunAsync(redis, "schedule", "notification", past, "-m", "late");
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        var accepted = await ScheduleAsync(redis, past, "-m", "late", "--run-if-past");
        Assert.True((await redis.CreateClient().GetAsync(accepted))!.NextRunAt <= DateTimeOffset.UtcNow);
        var badEnd = await InProcessCli.RunAsync(redis, "schedule", "notification", "every day", "-m", "m", "--end-at", "every friday");
        Assert.Equal(ExitCodes.BadInput, badEnd.Code);
        Assert.Contains("--end-at", badEnd.Err);
    }

    [Theory]
    [InlineData(new[] { "cancel" }, ExitCodes.BadInput, "--all")]
    [InlineData(new[] { "cancel", "x", "--all" }, ExitCodes.BadInput, "not both")]
    [InlineData(new[] { "cancel", "x", "--module", "m" }, ExitCodes.BadInput, "go with --all")]
    [InlineData(new[] { "cancel", "no-such-task" }, ExitCodes.NotFound, "no task")]
    [InlineData(new[] { "update", "no-such-task", "--name", "n" }, ExitCodes.NotFound, "no task")]
    [InlineData(new[] { "update", "x" }, ExitCodes.BadInput, "nothing to change")]
    [InlineData(new[] { "list", "--as", "" }, ExitCodes.BadInput, "--as")]
    public async Task Bad_input_to_the_new_commands_gets_its_exit_code_and_one_line(string[] args, int code, string mentioned)
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-parity-bad");
        var result = await InProcessCli.RunAsync(redis, args);
        Assert.True(result.Code == code, $"exit {result.Code}: {result.Out}{result.Err}");
        Assert.Contains(mentioned, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Theory]
    [InlineData("list", "--limit", "0")]
    [InlineData("runs", "x", "--limit", "0")]
    [InlineData("trigger", "x", "--wait", "soon")]
    [InlineData("wait", "x", "--timeout", "soon")]
    [InlineData("update", "x")]
    [InlineData("update", "x", "--module", "")]
    [InlineData("update", "x", "--name", "")]
    [InlineData("schedule", "notification", "every day", "-m", "m", "--module", "")]
    [InlineData("cancel")]
    [InlineData("schedule", "notification", "every day", "-m", "m", "--end-at", "never")]
    public async Task Input_is_checked_before_connecting_so_bad_input_is_exit_2_even_without_redis(params string[] args)
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-check-first");
        var result = await InProcessCli.RunAsync(redis, [.. args, "--redis", "127.0.0.1:1"]);
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        Assert.DoesNotContain("cannot reach Redis", result.Err);
        Assert.Equal(ExitCodes.RedisUnreachable, (await InProcessCli.RunAsync(redis, "info", "x", "--redis", "127.0.0.1:1")).Code);
    }
}
