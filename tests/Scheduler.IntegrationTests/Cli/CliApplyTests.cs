using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// Schedules kept in a file: <c>scheduler export</c> writes them, <c>scheduler apply</c> makes the schedules match,
/// by id, every item checked before anything is written; applied again, the same file changes nothing.
/// </summary>
public sealed class CliApplyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-apply-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly NotificationTask Hello = new("hi");

    private static async Task<SchedulerClient> SeedAsync(RedisTestContext redis)
    {
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(Hello, "every day at 6am", new ScheduleOptions { Id = "daily", TimeZone = "Europe/Berlin", Tags = ["team-a"], MaxRuns = 30 });
        await client.ScheduleAsync(new ShellTask("echo", ["report"]), "every monday at 9am", new ScheduleOptions { Id = "weekly", Tags = ["team-a"] });
        await client.ScheduleAsync(Hello, "in 2 hours", new ScheduleOptions { Id = "later", Tags = ["team-a"] });
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "gone" });
        await client.CancelAsync("gone");
        return client;
    }

    private static string Json(TaskDefinition task) => JsonSerializer.Serialize(task, TaskTypes.JsonOptions);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task An_export_applied_again_changes_nothing_and_applied_to_an_empty_redis_recreates_the_live_schedules_at_their_instants()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-roundtrip");
        var client = await SeedAsync(redis);
        var path = Path.Combine(_dir, "schedules.json");

        var export = await InProcessCli.RunAsync(redis, "export", "--out", path);
        Assert.Equal(ExitCodes.Ok, export.Code);
        Assert.Contains("exported 3 schedule(s)", export.Err);
        var ids = JsonNode.Parse(File.ReadAllText(path))!["schedules"]!.AsArray().Select(s => (string)s!["id"]!).ToList();
        Assert.Equal(["daily", "later", "weekly"], ids);

        var again = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.Ok, again.Code);
        Assert.Contains("applied: 0 created, 3 unchanged", again.Out);

        await using var empty = await RedisTestContext.CreateAsync("apply-fresh");
        var moved = await InProcessCli.RunAsync(empty, "apply", path);
        Assert.Equal(ExitCodes.Ok, moved.Code);
        Assert.Contains("applied: 3 created, 0 unchanged", moved.Out);
        var fresh = empty.CreateClient(verifyWorkers: false);
        foreach (var id in ids)
        {
            var (before, after) = ((await client.GetAsync(id))!, (await fresh.GetAsync(id))!);
            Assert.Equal((Json(before.Task), before.Schedule.Canonical, before.Schedule.TimeZone, before.NextRunAt), (Json(after.Task), after.Schedule.Canonical, after.Schedule.TimeZone, after.NextRunAt));
            Assert.Equal(before.Options.Tags, after.Options.Tags);
            Assert.Equal(before.Options.MaxRuns, after.Options.MaxRuns);
        }
    }

    [Fact]
    public async Task Apply_with_no_live_worker_is_refused_naming_no_verify_which_it_then_takes()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-no-verify");
        await SeedAsync(redis);
        var path = Path.Combine(_dir, "no-verify.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);
        await using var empty = await RedisTestContext.CreateAsync("apply-no-verify-fresh");
        var checking = InProcessCli.Environment(empty, verifyWorkers: true);

        var refused = await InProcessCli.RunAsync(checking, "apply", path);
        Assert.NotEqual(ExitCodes.Ok, refused.Code);
        Assert.Contains("--no-verify (CLI)", refused.Err);

        var applied = await InProcessCli.RunAsync(checking, "apply", path, "--no-verify");
        Assert.True(applied.Code == ExitCodes.Ok, applied.Err);
        Assert.Contains("applied: 3 created", applied.Out);
    }

    [Fact]
    public async Task An_export_of_a_task_made_with_an_idempotency_key_applies_again_unchanged_and_elsewhere_as_created()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-roundtrip-idempotent");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(Hello, "every day at 9am", new ScheduleOptions
        {
            Id = "keyed", IdempotencyKey = "ik-1", IdempotencyWindow = TimeSpan.FromMinutes(90),
        });
        var path = Path.Combine(_dir, "keyed.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);

        // The key is kept (a declaration takes it, as the task was made with it): the same on the same Redis.
        var again = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.True(again.Code == ExitCodes.Ok, again.Out + again.Err);
        Assert.Contains("applied: 0 created, 1 unchanged", again.Out);
        await using var empty = await RedisTestContext.CreateAsync("apply-fresh-idempotent");
        var moved = await InProcessCli.RunAsync(empty, "apply", path);
        Assert.True(moved.Code == ExitCodes.Ok, moved.Out + moved.Err);
        Assert.Contains("applied: 1 created", moved.Out);
        Assert.Equal("ik-1", (await empty.CreateClient(verifyWorkers: false).GetAsync("keyed"))!.Options.IdempotencyKey);
    }

    [Fact]
    public async Task An_export_of_tasks_scheduled_without_an_id_applied_again_changes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-roundtrip-generated-ids");
        var client = redis.CreateClient(verifyWorkers: false);
        // Ids the client chose: their stored options name none, the file's items do.
        var plain = await client.ScheduleAsync(Hello, "every 10s");
        var zoned = await client.ScheduleAsync(Hello, "every day at 9am", new ScheduleOptions { TimeZone = "Europe/Berlin" });
        var path = Path.Combine(_dir, "generated.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);

        var dry = await InProcessCli.RunAsync(redis, "apply", path, "--dry-run");
        var again = await InProcessCli.RunAsync(redis, "apply", path);

        // Before, both were "replaced": their counters restarted and the interval's next run moved.
        Assert.True(dry.Code == ExitCodes.Ok, dry.Out + dry.Err);
        Assert.Contains("would be 0 created, 2 unchanged", dry.Out);
        Assert.Contains("applied: 0 created, 2 unchanged", again.Out);
        Assert.Equal(plain.NextRunAt, (await client.GetAsync(plain.Id))!.NextRunAt);
        Assert.Equal(zoned.NextRunAt, (await client.GetAsync(zoned.Id))!.NextRunAt);
    }

    [Fact]
    public async Task A_changed_file_replaces_in_place_creates_what_is_new_prunes_what_it_owns_and_a_dry_run_writes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-change");
        var client = await SeedAsync(redis);
        var path = Write("team-a.json", """
            {"schedules": [
              {"id": "daily", "spec": "every day at 7am", "task": {"type": "notification", "message": "hi"}, "options": {"timeZone": "Europe/Berlin", "tags": ["team-a"], "maxRuns": 30}},
              {"id": "fresh", "spec": "every 15 minutes", "task": {"type": "notification", "message": "new"}, "options": {"tags": ["team-a"]}},
              {"id": "gone", "spec": "every 1 hour", "task": {"type": "notification", "message": "hi"}}
            ]}
            """);

        var dry = await InProcessCli.RunAsync(redis, "apply", path, "--dry-run", "--prune", "--tag", "team-a");
        Assert.Equal(ExitCodes.Ok, dry.Code);
        Assert.Contains("would be replaced    daily  spec: \"every day at 6am\" → \"every day at 7am\"", dry.Out);
        Assert.Contains("would be created     fresh", dry.Out);
        Assert.Contains("would be left ended  gone  cancelled and unchanged in the file", dry.Out);
        Assert.Contains("would be cancelled   later  not in the file (--prune)", dry.Out);
        Assert.Contains("would be cancelled   weekly", dry.Out);
        Assert.Equal("every day at 6am", (await client.GetAsync("daily"))!.Spec);
        Assert.Null(await client.GetAsync("fresh"));

        var applied = await InProcessCli.RunAsync(redis, "apply", path, "--prune", "--tag", "team-a", "--json");
        Assert.Equal(ExitCodes.Ok, applied.Code);
        var counts = JsonDocument.Parse(applied.Out).RootElement.GetProperty("counts");
        Assert.Equal((1, 1, 1, 2), (counts.GetProperty("created").GetInt32(), counts.GetProperty("replaced").GetInt32(),
            counts.GetProperty("leftEnded").GetInt32(), counts.GetProperty("cancelled").GetInt32()));
        var daily = (await client.GetAsync("daily"))!;
        Assert.Equal(("every day at 7am", ScheduleStatus.Scheduled), (daily.Spec, daily.Status));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("fresh"))!.Status);
        Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync("gone"))!.Status);
        Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync("later"))!.Status);
        Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync("weekly"))!.Status);

        // Changed in the file, an ended task is scheduled anew.
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"every 1 hour\"", "\"every 2 hours\""));
        var revived = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Contains("rescheduled gone  was cancelled; spec: \"every 1 hour\" → \"every 2 hours\"", revived.Out);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("gone"))!.Status);
    }

    [Fact]
    public async Task A_one_shot_whose_instant_has_passed_is_unchanged_when_the_file_holds_it_unchanged_and_refused_when_changed()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-passed");
        var client = redis.CreateClient(verifyWorkers: false);
        var at = DateTimeOffset.UtcNow.AddSeconds(3);
        await client.ScheduleAsync(Hello, at.ToString("O"), new ScheduleOptions { Id = "soon" });
        var path = Path.Combine(_dir, "soon.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);
        // Never negative: a slow export may already be past the instant.
        if (at - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300) is { Ticks: > 0 } rest) await Task.Delay(rest);

        var again = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.Ok, again.Code);
        Assert.Contains("unchanged   soon", again.Out);

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"hi\"", "\"changed\""));
        var changed = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.BadInput, changed.Code);
        Assert.Contains("schedules[0] (soon): ", changed.Err);
        Assert.Contains("in the past", changed.Err);
    }

    [Fact]
    public async Task A_file_with_a_bad_item_is_refused_whole_naming_each_problem_and_nothing_is_written()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-bad");
        var client = redis.CreateClient(verifyWorkers: false);
        var path = Write("bad.json", """
            [
              {"id": "ok", "spec": "every day at 6am", "task": {"type": "notification", "message": "hi"}},
              {"id": "typo", "spec": "every dya at 6am", "task": {"type": "notification", "message": "hi"}},
              {"spec": "every hour", "task": {"type": "notification", "message": "hi"}},
              {"id": "ok", "spec": "every hour", "task": {"type": "notification", "message": "again"}}
            ]
            """);

        var refused = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Contains("nothing was written", refused.Err);
        Assert.Contains("schedules[2] has no \"id\"", refused.Err);
        Assert.Contains("id \"ok\" is given 2 times", refused.Err);
        Assert.DoesNotContain("   at ", refused.Err);

        File.WriteAllText(path, File.ReadAllText(path).Replace("""{"spec": "every hour", "task": {"type": "notification", "message": "hi"}},""", "")
            .Replace("""{"id": "ok", "spec": "every hour", "task": {"type": "notification", "message": "again"}}""", """{"id": "other", "spec": "every hour", "task": {"type": "notification", "message": "x"}, "options": {"maxRun": 3}}"""));
        var unknown = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.BadInput, unknown.Code);
        Assert.Contains("maxRun", unknown.Err);

        File.WriteAllText(path, File.ReadAllText(path).Replace(""", "options": {"maxRun": 3}""", ""));
        var spec = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.BadInput, spec.Code);
        Assert.Contains("schedules[1] (typo): ", spec.Err);
        Assert.Empty(await client.ListAsync());

        var prune = await InProcessCli.RunAsync(redis, "apply", path, "--prune");
        Assert.Equal(ExitCodes.BadInput, prune.Code);
        Assert.Contains("--prune needs a filter", prune.Err);
    }

    [Fact]
    public async Task An_exported_paused_task_is_declared_paused_and_applied_to_an_empty_redis_is_created_paused()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-paused");
        var client = redis.CreateClient();
        await client.ScheduleAsync(Hello, "every 10 minutes", new ScheduleOptions { Id = "held" });
        await client.PauseAsync("held", null);
        await client.ScheduleAsync(Hello, "every 10 minutes", new ScheduleOptions { Id = "running" });
        var path = Path.Combine(_dir, "schedules.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);
        var items = JsonNode.Parse(File.ReadAllText(path))!["schedules"]!.AsArray();
        Assert.Equal([true, null], items.Select(i => (bool?)i!["paused"]));

        await using var empty = await RedisTestContext.CreateAsync("apply-paused-fresh");
        var applied = await InProcessCli.RunAsync(empty, "apply", path);
        Assert.Equal(ExitCodes.Ok, applied.Code);
        Assert.Contains("created     held  every 10 minutes, paused as the file declares", applied.Out);
        var fresh = empty.CreateClient();
        Assert.Equal(ScheduleStatus.Paused, (await fresh.GetAsync("held"))!.Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await fresh.GetAsync("running"))!.Status);
        // Exported again it is the file it came from: the note an apply gives a pause declared without one is left out.
        var again = Path.Combine(_dir, "schedules-again.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(empty, "export", "--out", again)).Code);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(again));
        // A live task's pause is the operator's: the same file applied again leaves a resumed task running.
        await fresh.ResumeAsync("held");
        Assert.Contains("applied: 0 created, 2 unchanged", (await InProcessCli.RunAsync(empty, "apply", path)).Out);
        Assert.Equal(ScheduleStatus.Scheduled, (await fresh.GetAsync("held"))!.Status);
    }

    [Fact]
    public async Task A_task_paused_until_an_instant_is_exported_with_its_note_and_end_and_applied_elsewhere_paused_until_then()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-paused-until");
        var client = redis.CreateClient();
        var until = DateTimeOffset.UtcNow.AddHours(2);
        await client.ScheduleAsync(Hello, "every 10 minutes", new ScheduleOptions { Id = "held" });
        await client.PauseAsync("held", new PauseRequest { Note = "database migration", Until = until });
        var path = Path.Combine(_dir, "paused-until.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);
        var item = JsonNode.Parse(File.ReadAllText(path))!["schedules"]![0]!;
        Assert.True((bool)item["paused"]!);
        Assert.Equal("database migration", (string?)item["pauseNote"]);
        Assert.NotNull(item["pauseUntil"]);

        await using var empty = await RedisTestContext.CreateAsync("apply-paused-until-fresh");
        var applied = await InProcessCli.RunAsync(empty, "apply", path);
        Assert.Equal(ExitCodes.Ok, applied.Code);
        Assert.Contains("paused as the file declares, until", applied.Out);
        var copy = (await empty.CreateClient().GetAsync("held"))!;
        Assert.Equal(ScheduleStatus.Paused, copy.Status);
        Assert.Equal("database migration", copy.Pause!.Note);
        Assert.Equal(until.ToUnixTimeMilliseconds(), copy.Pause.Until!.Value.ToUnixTimeMilliseconds());
        // Applied again it is what the file declares: the pause is no difference.
        Assert.Contains("applied: 0 created, 1 unchanged", (await InProcessCli.RunAsync(empty, "apply", path)).Out);
    }

    [Fact]
    public async Task A_declared_pause_whose_end_has_passed_creates_the_task_unpaused_and_says_so()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-pause-ended");
        var path = Path.Combine(_dir, "pause-ended.json");
        File.WriteAllText(path, """
            {"schedules": [{"id": "lifted", "spec": "every 10 minutes", "task": {"type": "notification", "message": "hi"}, "paused": true,
              "pauseNote": "old window", "pauseUntil": "2020-01-01T00:00:00Z"}]}
            """);
        var applied = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.Ok, applied.Code);
        Assert.Contains("not paused: the file's pause ended 2020-01-01 00:00:00Z", applied.Out);
        Assert.Equal(ScheduleStatus.Scheduled, (await redis.CreateClient().GetAsync("lifted"))!.Status);
    }

    [Fact]
    public async Task A_declared_pause_note_without_paused_or_not_plain_text_refuses_the_file_naming_the_declaration()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-pause-bad");
        var path = Path.Combine(_dir, "pause-bad.json");
        File.WriteAllText(path, """
            {"schedules": [{"id": "bad", "spec": "every 10 minutes", "task": {"type": "notification", "message": "hi"}, "pauseNote": "a\u0007bell"},
              {"id": "bad2", "spec": "every 10 minutes", "task": {"type": "notification", "message": "hi"}, "paused": true, "pauseNote": "a\u0007bell"}]}
            """);
        var applied = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.Equal(ExitCodes.BadInput, applied.Code);
        Assert.Contains("schedules[0] (bad): \"pauseNote\" is given without \"paused\": true", applied.Err);
        Assert.Contains("schedules[1] (bad2): the pause note holds control characters", applied.Err);
        Assert.Empty(await redis.CreateClient().ListAsync());
    }

    [Fact]
    public async Task Plugin_declared_schedules_are_left_out_of_an_export_unless_asked_for_by_tag_and_never_pruned()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-plugin");
        var client = redis.CreateClient();
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "plugin.billing.close", Tags = ["plugin:billing"], ModuleId = "billing" });
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "mine", ModuleId = "billing" });

        var export = await InProcessCli.RunAsync(redis, "export");
        Assert.Equal(["mine"], JsonNode.Parse(export.Out)!["schedules"]!.AsArray().Select(i => (string)i!["id"]!));
        Assert.Contains("1 plugin-declared schedule(s) left out", export.Err);
        var asked = await InProcessCli.RunAsync(redis, "export", "--tag", "plugin:billing");
        Assert.Equal(["plugin.billing.close"], JsonNode.Parse(asked.Out)!["schedules"]!.AsArray().Select(i => (string)i!["id"]!));

        var path = Write("billing.json", export.Out);
        var pruned = await InProcessCli.RunAsync(redis, "apply", path, "--prune", "--module", "billing");
        Assert.Equal(ExitCodes.Ok, pruned.Code);
        Assert.Contains("applied: 0 created, 1 unchanged", pruned.Out);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("plugin.billing.close"))!.Status);
    }

    [Fact]
    public async Task An_export_of_more_than_ten_thousand_schedules_holds_every_one_and_a_prune_sees_past_ten_thousand()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-big");
        var client = redis.CreateClient();
        for (var start = 0; start < 10_050; start += SchedulerClient.MaxBatchSize)
            await client.ScheduleManyAsync([.. Enumerable.Range(start, Math.Min(SchedulerClient.MaxBatchSize, 10_050 - start))
                .Select(i => ((TaskDefinition)Hello, "every 1 hour", (ScheduleOptions?)new ScheduleOptions { Id = $"t{i:D5}", Tags = ["bulk"] }))]);

        var path = Path.Combine(_dir, "big.json");
        var export = await InProcessCli.RunAsync(redis, "export", "--out", path);
        Assert.Contains("exported 10050 schedule(s)", export.Err);

        // The file without its first item: the prune finds that one, wherever it sits in the index.
        var file = JsonNode.Parse(File.ReadAllText(path))!;
        file["schedules"]!.AsArray().RemoveAt(0);
        File.WriteAllText(path, file.ToJsonString());
        var pruned = await InProcessCli.RunAsync(redis, "apply", path, "--prune", "--tag", "bulk", "--dry-run");
        Assert.True(pruned.Code == ExitCodes.Ok, pruned.Err);
        Assert.Contains("would be 0 created, 10049 unchanged, 1 cancelled", pruned.Out);
        Assert.Contains("would be cancelled   t00000", pruned.Out);
    }

    [Fact]
    public async Task An_export_of_a_structured_interval_and_a_method_call_applied_again_is_unchanged_and_elsewhere_keeps_their_next_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-interval");
        var client = redis.CreateClient();
        var anchor = DateTimeOffset.UtcNow.AddDays(3).AddMinutes(17);
        anchor = anchor.AddTicks(-(anchor.Ticks % TimeSpan.TicksPerMillisecond));
        await client.ScheduleAsync(Hello, new Scheduler.Contracts.Scheduling.Intervals.IntervalSchedule
            { IntervalType = Scheduler.Contracts.Scheduling.Intervals.IntervalType.Hours, IntervalValue = 6, NextExecution = anchor }, new ScheduleOptions { Id = "six-hourly" });
        await client.ScheduleAsync<MethodCalls.Greeter, string>(g => g.GreetAsync("Ada"), "every day at 9am", new ScheduleOptions { Id = "greet" });
        var path = Path.Combine(_dir, "schedules.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);

        var again = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.True(again.Code == ExitCodes.Ok, again.Err);
        Assert.Contains("applied: 0 created, 2 unchanged", again.Out);
        await using var empty = await RedisTestContext.CreateAsync("apply-interval-fresh");
        var moved = await InProcessCli.RunAsync(empty, "apply", path);
        Assert.True(moved.Code == ExitCodes.Ok, moved.Err);
        var fresh = empty.CreateClient();
        foreach (var id in new[] { "six-hourly", "greet" })
            Assert.Equal((await client.GetAsync(id))!.NextRunAt, (await fresh.GetAsync(id))!.NextRunAt);
    }

    [Fact]
    public async Task An_exported_utc_rule_applied_under_another_zone_keeps_its_runs_across_dst()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-zone");
        var client = redis.CreateClient();
        // A raw rule with a UTC DTSTART, given a zone: RFC 5545 expands it in UTC, and the round trip must keep that.
        await client.ScheduleAsync(Hello, "DTSTART:20271020T080000Z\nRRULE:FREQ=DAILY", new ScheduleOptions { Id = "rule", TimeZone = "Europe/Berlin" });
        var path = Path.Combine(_dir, "schedules.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);

        await using var empty = await RedisTestContext.CreateAsync("apply-zone-fresh");
        var berlin = new Dictionary<string, string?>(InProcessCli.Environment(empty)) { ["SCHEDULER_TIMEZONE"] = "Europe/Berlin" };
        var moved = await InProcessCli.RunAsync(berlin, "apply", path);
        Assert.True(moved.Code == ExitCodes.Ok, moved.Err);
        var (before, after) = ((await client.GetAsync("rule"))!, (await empty.CreateClient().GetAsync("rule"))!);
        Assert.Equal((before.Schedule.Canonical, before.Schedule.TimeZone), (after.Schedule.Canonical, after.Schedule.TimeZone));
        // Runs on both sides of Berlin's 2027-10-31 fall-back: the same instants before and after the round trip.
        var from = new DateTimeOffset(2027, 10, 25, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(before.Schedule.Next(14, from), after.Schedule.Next(14, from));
    }

    [Fact]
    public async Task An_export_of_a_task_in_the_default_zone_keeps_its_runs_under_another_default_zone_and_is_unchanged_applied_back()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-default-zone");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(Hello, "every day at 9am", new ScheduleOptions { Id = "daily" });
        var path = Path.Combine(_dir, "schedules.json");
        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "export", "--out", path)).Code);

        await using var empty = await RedisTestContext.CreateAsync("apply-default-zone-fresh");
        var berlin = new Dictionary<string, string?>(InProcessCli.Environment(empty)) { ["SCHEDULER_TIMEZONE"] = "Europe/Berlin" };
        var moved = await InProcessCli.RunAsync(berlin, "apply", path);
        Assert.True(moved.Code == ExitCodes.Ok, moved.Err);
        var (before, after) = ((await client.GetAsync("daily"))!, (await empty.CreateClient(verifyWorkers: false).GetAsync("daily"))!);
        Assert.Equal("UTC", after.Schedule.TimeZone);
        var from = new DateTimeOffset(2027, 3, 20, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(before.Schedule.Next(5, from), after.Schedule.Next(5, from));

        // Back onto the Redis it came from, where the task's options name no zone: the same definition.
        var again = await InProcessCli.RunAsync(redis, "apply", path);
        Assert.True(again.Code == ExitCodes.Ok, again.Err);
        Assert.Contains("applied: 0 created, 1 unchanged", again.Out);
        // The create script agrees: naming the zone the task runs in schedules nothing new.
        var named = await client.ScheduleWithResultAsync(Hello, "every day at 9am", new ScheduleOptions { Id = "daily", TimeZone = "UTC" });
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, named.Outcome);
    }
}
