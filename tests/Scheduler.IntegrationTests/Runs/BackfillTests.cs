using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>Backfill through a real beat and worker: each past occurrence runs once, as the overlap policy says.</summary>
public sealed class BackfillTests
{
    // Each run writes "start" and "end" around a pause: the log shows whether runs overlapped.
    private static ShellTask Logging(string log, double seconds) =>
        new($"echo start >> '{log}'; sleep {seconds}; echo end >> '{log}'", UseShell: true) { Execution = TaskRuns.Fast() };

    // The last whole minutes, so a cron every minute had exactly these occurrences.
    private static (DateTimeOffset From, DateTimeOffset To) LastMinutes(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return (to.AddMinutes(-(count - 1)), to);
    }

    [Fact]
    public async Task Backfill_previews_then_runs_each_past_occurrence_once_one_at_a_time_under_overlap_skip()
    {
        await using var redis = await RedisTestContext.CreateAsync("backfill-skip");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("backfill-skip");
        var log = dir.File("log");
        var client = redis.CreateClient().As("ops");
        var task = await client.ScheduleAsync(Logging(log, 0.2), "cron:* * * * *");
        // Paused: the schedule's own minutes do not fire during the test; a backfill still runs.
        await client.PauseAsync(task.Id);
        var (from, to) = LastMinutes(4);

        var preview = (await client.BackfillAsync(task.Id, from, to, dryRun: true))!;
        Assert.Equal((4, 4, true, true), (preview.Occurrences, preview.ToRun, preview.OneAtATime, preview.DryRun));
        Assert.Equal(from, preview.First[0]);
        Assert.Empty(await client.GetRunsAsync(task.Id));

        var plan = (await client.BackfillAsync(task.Id, from, to))!;
        Assert.Equal(4, plan.ToRun);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 4, TaskRuns.Patience, "four backfilled runs");

        Assert.Equal([from, from.AddMinutes(1), from.AddMinutes(2), to], runs.Select(r => r.DueAt!.Value).Order());
        Assert.All(runs, r => Assert.Equal((RunOutcome.Succeeded, 1, RunRequestKind.Backfill, "ops", $"{task.Id}:{r.DueAt!.Value.ToUnixTimeMilliseconds()}"),
            (r.Outcome, r.Attempt, r.Request!.Kind, r.Request.By, r.RunId)));
        Assert.Equal(string.Concat(Enumerable.Repeat("start\nend\n", 4)), await File.ReadAllTextAsync(log));
        Assert.Equal(4, (await client.GetAsync(task.Id))!.RunCount);

        // The same range again: every occurrence already ran.
        var again = (await client.BackfillAsync(task.Id, from, to))!;
        Assert.Equal((4, 0, 4), (again.Occurrences, again.ToRun, again.AlreadyRun));
        // The preview and the empty repeat change nothing: one audit entry, by ops, with what was queued.
        var backfill = Assert.Single((await client.GetAuditAsync(new Scheduler.Contracts.Audit.AuditFilter { TaskId = task.Id, Action = "backfill" })).Entries);
        Assert.Equal(("ops", 4), (backfill.Actor, (int)backfill.After!["queued"]!));
    }

    [Fact]
    public async Task Backfill_under_overlap_allow_runs_the_occurrences_side_by_side()
    {
        await using var redis = await RedisTestContext.CreateAsync("backfill-allow");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("backfill-allow");
        var log = dir.File("log");
        var client = redis.CreateClient();
        // 4 s each: under CI load the three starts can spread over more than a second or two.
        var task = await client.ScheduleAsync(Logging(log, 4), "cron:* * * * *", new ScheduleOptions { Overlap = OverlapPolicy.Allow });
        await client.PauseAsync(task.Id);
        var (from, to) = LastMinutes(3);

        var plan = (await client.BackfillAsync(task.Id, from, to))!;
        Assert.Equal((3, false), (plan.ToRun, plan.OneAtATime));
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 3, TaskRuns.Patience, "three backfilled runs");

        // All three had started before the first ended.
        Assert.StartsWith("start\nstart\nstart\n", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task A_paused_task_backfilled_over_its_held_run_catches_up_after_the_range_when_resumed()
    {
        await using var redis = await RedisTestContext.CreateAsync("backfill-resume");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick") { Execution = TaskRuns.Fast() }, "every 2 seconds");
        await client.PauseAsync(task.Id);
        var held = (await client.GetAsync(task.Id))!.NextRunAt!.Value;
        var step = TimeSpan.FromSeconds(2);
        // Past the fourth occurrence: the first three are backfilled, the fourth (and fifth) missed.
        await Task.Delay(held + 4 * step - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        // The held run and the two after it; the one after those is missed, and nothing runs it but a catch-up.
        Assert.Equal(3, (await client.BackfillAsync(task.Id, held, held + 2 * step))!.ToRun);
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 3, TaskRuns.Patience, "three backfilled runs");
        Assert.Equal(held + 3 * step, (await client.GetAsync(task.Id))!.NextRunAt);
        await client.ResumeAsync(task.Id);

        // runOnce: the first occurrence missed after the range runs once, at once (before, the held run fired again as the
        // catch-up, and was dropped as a duplicate of the backfill's).
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.DueAt == held + 3 * step && x.IsFinal),
            TaskRuns.Patience, "the catch-up run after the backfilled range");
        Assert.Equal(RunOutcome.Succeeded, runs.Single(r => r.DueAt == held + 3 * step).Outcome);
        Assert.Equal(3, runs.Count(r => r.DueAt <= held + 2 * step));
    }

    [Fact]
    public async Task A_backfill_of_a_cancelled_task_is_refused_as_its_trigger_is_a_conflict_not_bad_input()
    {
        await using var redis = await RedisTestContext.CreateAsync("backfill-cancelled");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour");
        await client.CancelAsync(task.Id);
        var now = DateTimeOffset.UtcNow;

        var refused = await Assert.ThrowsAsync<InvalidTransitionException>(() => client.BackfillAsync(task.Id, now.AddHours(-3), now.AddHours(-1)));
        Assert.Equal($"task {task.Id} is cancelled and cannot become running; a cancelled task is not run; schedule it anew under its id", refused.Message);

        var backfill = await InProcessCli.RunAsync(redis, ["backfill", task.Id, "--from", "3 hours ago", "--to", "1 hour ago"]);
        var trigger = await InProcessCli.RunAsync(redis, ["trigger", task.Id]);
        Assert.Equal((6, 6), (backfill.Code, trigger.Code));
    }
}
