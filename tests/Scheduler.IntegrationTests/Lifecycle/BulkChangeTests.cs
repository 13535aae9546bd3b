using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>Changes by filter (pause, resume, cancel) over many schedules, against real Redis.</summary>
public sealed class BulkChangeTests
{
    [Fact]
    public async Task A_change_by_filter_reaches_every_match_over_many_pages_while_other_schedules_are_created_and_deleted()
    {
        await using var redis = await RedisTestContext.CreateAsync("bulk-many");
        var client = redis.CreateClient();
        // Past a page of the walk many times over, and past the sizes Redis keeps a sorted set compact in (so its scan pages).
        var bulk = await ScheduleAsync(client, "bulk", 1500);
        var others = await ScheduleAsync(client, "other", 600);

        // Schedules deleted and created meanwhile move every later one's rank in the creation index.
        using var churn = new CancellationTokenSource();
        var churning = Task.Run(async () =>
        {
            var deleted = 0;
            while (!churn.IsCancellationRequested && deleted < others.Count)
            {
                await client.DeleteAsync(others[deleted++]);
                await client.DeleteAsync(others[deleted++]);
                await client.ScheduleAsync(new NotificationTask("late"), "in:1h", new ScheduleOptions { Tags = ["late"] });
            }
        });
        var paused = await client.PauseAllAsync(new ScheduleFilter { Tag = "bulk" });
        await churn.CancelAsync();
        await churning;

        Assert.Equal(bulk.Count, paused);
        foreach (var id in bulk) Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync(id))!.Status);
        Assert.Equal(0, await client.PauseAllAsync(new ScheduleFilter { Tag = "bulk" }));
        Assert.Equal(bulk.Count, await client.CancelAllAsync(new ScheduleFilter { Tag = "bulk" }));
        Assert.Empty((await client.ListAsync(new ScheduleFilter { Tag = "late", Status = ScheduleStatus.Paused })));
    }

    [Fact]
    public async Task A_change_by_an_empty_text_filter_is_refused_and_changes_no_task()
    {
        await using var redis = await RedisTestContext.CreateAsync("bulk-empty");
        var client = redis.CreateClient();
        var kept = await ScheduleAsync(client, "kept", 2);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.CancelAllAsync(new ScheduleFilter { NameContains = "" }));
        Assert.Contains("the filter \"name\" is empty", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => client.PauseAllAsync(new ScheduleFilter { Tag = " " }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ResumeAllAsync(new ScheduleFilter { ModuleId = "" }));

        foreach (var id in kept) Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(id))!.Status);
    }

    private static async Task<List<string>> ScheduleAsync(SchedulerClient client, string tag, int n)
    {
        var items = Enumerable.Range(0, n).Select(i => ((TaskDefinition)new NotificationTask(tag), "every 1 hour",
            (ScheduleOptions?)new ScheduleOptions { Id = $"{tag}-{i}", Tags = [tag] })).ToList();
        return [.. (await client.ScheduleManyAsync(items)).Select(t => t.Id)];
    }
}
