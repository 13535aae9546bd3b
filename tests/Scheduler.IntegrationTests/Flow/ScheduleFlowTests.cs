using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Flow;

/// <summary>Schedule → Beat fires → worker executes → history, with Beat and a worker hosted in-process on real Redis.</summary>
public sealed class ScheduleFlowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_shot_notification_runs_once_and_is_recorded_in_history()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-once");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new NotificationTask("hello"), "in 1 second");
        Assert.Equal(ScheduleStatus.Scheduled, task.Status);

        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, "completion");
        var runs = await client.GetRunsAsync(task.Id);
        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal(1, run.Attempt);
        Assert.StartsWith("worker:", run.WorkerId);
        Assert.True(run.StartedAt >= task.NextRunAt, $"started {run.StartedAt:O} before due {task.NextRunAt:O}");
        Assert.True(run.FinishedAt >= run.StartedAt);
        Assert.Equal(1, done!.RunCount);
        Assert.Null(done.NextRunAt);
    }

    [Theory]
    [InlineData("every 1s")]
    [InlineData("in:1s")]
    [InlineData("cron:* * * * * *")]
    public async Task Each_spec_form_fires_through_beat_and_worker(string spec)
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-forms");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new NotificationTask($"form {spec}"), spec);

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 1, Patience, $"a run of \"{spec}\"");
        Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
    }

    [Fact]
    public async Task Recurring_schedule_keeps_firing_with_one_run_per_occurrence()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-recurring");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 2, workers: 2);
        var client = redis.CreateClient();

        // Overlap allowed: on a loaded machine a slow first run must not make the next occurrence skip (the default).
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { Overlap = OverlapPolicy.Allow });

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 4, Patience, "four ticks");
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
        var dues = runs.Select(r => r.DueAt!.Value).Order().ToList();
        Assert.All(dues.Zip(dues.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
    }

    [Fact]
    public async Task Cancelled_schedule_never_fires_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-cancel");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s");
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 2, Patience, "two ticks");

        Assert.True(await client.CancelAsync(task.Id));
        var afterCancel = (await client.GetRunsAsync(task.Id)).Count;
        // A later run proves the moment has passed: a task on the same cadence, scheduled after the cancel, runs three
        // times, so Beat has gone past the instants the cancelled one would have fired at since.
        var later = await client.ScheduleAsync(new NotificationTask("later"), "every 1s");
        await Eventually.WaitAsync(() => client.GetRunsAsync(later.Id), r => r.Count >= 3, Patience, "three runs of a task scheduled after the cancel");

        var cancelled = await client.GetAsync(task.Id);
        Assert.Equal(ScheduleStatus.Cancelled, cancelled!.Status);
        Assert.Null(cancelled.NextRunAt);
        // At most the occurrence already in flight when cancel landed may still finish.
        Assert.InRange((await client.GetRunsAsync(task.Id)).Count, afterCancel, afterCancel + 1);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => client.CancelAsync(task.Id));
    }
}
