using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// An apply's prune cancels only the very task its plan read: one another client changed in between is a conflict and
/// stays live. Through the CLI (exit 6) and REST (409) the race is made for real: another client acts when the apply's
/// first write lands, while the apply is still writing the many declarations ahead of the one it races on and the prune.
/// </summary>
public sealed class ApplyPruneConflictTests : IDisposable
{
    private const int Ahead = 100;
    private static readonly NotificationTask Declared = new("declared");
    private readonly string _dir = Directory.CreateTempSubdirectory("apply-prune-race").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_stray_replaced_after_the_plan_is_not_cancelled_but_a_conflict_and_one_only_paused_is_cancelled()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-prune-race");
        var apply = redis.CreateClient(verifyWorkers: false).As("apply");
        var other = redis.CreateClient(verifyWorkers: false).As("other");
        foreach (var id in new[] { "replaced", "paused", "calm" })
            await other.ScheduleAsync(new NotificationTask(id), "every 30 minutes", new ScheduleOptions { Id = id, Tags = ["team"] });
        var plan = await apply.PlanAsync([], new ScheduleFilter { Tag = "team" }, CancellationToken.None);
        Assert.All(plan, p => Assert.Equal(DeclarationOutcome.Cancelled, p.Result.Outcome));

        await other.UpdateAsync("replaced", new TaskUpdate { Spec = "every 45 minutes" });
        // A pause is no change of definition: the task read is still the one the prune cancels.
        await other.PauseAsync("paused");
        var results = await apply.WriteAsync(plan, CancellationToken.None);

        Assert.Equal([("calm", DeclarationOutcome.Cancelled), ("paused", DeclarationOutcome.Cancelled), ("replaced", DeclarationOutcome.Conflict)],
            results.Select(r => (r.Id, r.Outcome)));
        Assert.Equal(ScheduleStatus.Scheduled, results[2].Status);
        var kept = (await other.GetAsync("replaced"))!;
        Assert.Equal((ScheduleStatus.Scheduled, "every 45 minutes"), (kept.Status, kept.Spec));
        Assert.Equal(ScheduleStatus.Cancelled, (await other.GetAsync("paused"))!.Status);
    }

    [Fact]
    public async Task A_stray_replaced_while_the_prune_is_still_listing_is_not_cancelled_the_plan_holding_the_revision_it_listed()
    {
        // A Redis of its own: MONITOR on the shared one would stream every parallel test's commands (the watch acting late,
        // past the listing it must act within) and slow those tests meanwhile.
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("apply-prune-listing", server.ConnectionString);
        var apply = redis.CreateClient(verifyWorkers: false).As("apply");
        var other = redis.CreateClient(verifyWorkers: false).As("other");
        await other.ScheduleAsync(new NotificationTask("stray"), "every 30 minutes", new ScheduleOptions { Id = "stray", Tags = ["team"] });
        // Ids of no record, older than the stray: the listing walks on over them after it has read the stray (once for
        // each live status), which leaves the other client time to replace it before the listing is done.
        await redis.Redis.GetDatabase().SortedSetAddAsync($"{redis.KeyPrefix}tasks",
            [.. Enumerable.Range(0, 20_000).Select(i => new SortedSetEntry($"padding-{i}", i))]);
        await using var watch = await RedisCommandWatch.StartAsync(redis.Redis, $"\"HGETALL\" \"{redis.KeyPrefix}task:stray\"",
            () => other.UpdateAsync("stray", new TaskUpdate { Spec = "every 45 minutes" }));

        var plan = await apply.PlanAsync([], new ScheduleFilter { Tag = "team" }, CancellationToken.None);
        Assert.True(watch.Acted.IsCompletedSuccessfully, "the other client's update landed while the plan was still reading");
        var listed = Assert.Single(plan);
        Assert.Equal(("stray", DeclarationOutcome.Cancelled), (listed.Result.Id, listed.Result.Outcome));

        var written = Assert.Single(await apply.WriteAsync(plan, CancellationToken.None));
        Assert.Equal(("stray", DeclarationOutcome.Conflict), (written.Id, written.Outcome));
        var kept = (await other.GetAsync("stray"))!;
        Assert.Equal((ScheduleStatus.Scheduled, "every 45 minutes"), (kept.Status, kept.Spec));
    }

    [Fact]
    public async Task Cli_apply_exits_6_naming_the_ids_another_client_changed_while_it_wrote_and_applies_the_rest()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-prune-race-cli");
        var other = await SeedAsync(redis);
        var path = Path.Combine(_dir, "team.json");
        await File.WriteAllTextAsync(path, DeclarationsJson(prune: false));
        var race = await RaceOnFirstWriteAsync(redis, other);

        var applied = await InProcessCli.RunAsync(redis, "apply", path, "--prune", "--tag", "team");

        await race;
        Assert.Equal(ExitCodes.Conflict, applied.Code);
        Assert.Contains("2 schedule(s) not applied: late, stray changed", applied.Err);
        Assert.Matches(@"conflict\s+late\s+changed by another client since this apply read it; left as it is \(now scheduled", applied.Out);
        Assert.Matches(@"conflict\s+stray\s+changed by another client", applied.Out);
        await AssertRaceKeptAsync(other);
    }

    [Fact]
    public async Task Rest_apply_answers_409_with_the_report_naming_the_ids_another_client_changed_while_it_wrote()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-prune-race-rest");
        var other = await SeedAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var race = await RaceOnFirstWriteAsync(redis, other);

        var response = await dashboard.Http.PostAsync("/api/schedules/apply", new StringContent(DeclarationsJson(prune: true), Encoding.UTF8, "application/json"));

        await race;
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["late", "stray"], problem.GetProperty("conflicts").EnumerateArray().Select(c => c.GetString()));
        var counts = problem.GetProperty("report").GetProperty("counts");
        Assert.Equal((Ahead, 2), (counts.GetProperty("created").GetInt32(), counts.GetProperty("conflict").GetInt32()));
        await AssertRaceKeptAsync(other);
    }

    private static async Task<SchedulerClient> SeedAsync(RedisTestContext redis)
    {
        var other = redis.CreateClient(verifyWorkers: false).As("other");
        await other.ScheduleAsync(new NotificationTask("stray"), "every 30 minutes", new ScheduleOptions { Id = "stray", Tags = ["team"] });
        return other;
    }

    /// <summary>Many ids written first, then "late" (planned created), then the prune's "stray".</summary>
    private static string DeclarationsJson(bool prune)
    {
        var ids = Enumerable.Range(0, Ahead).Select(i => $"a{i:000}").Append("late");
        var items = ids.Select(id => $$$"""{"id": "{{{id}}}", "spec": "every 1 hour", "task": {"type": "notification", "message": "declared"}, "options": {"tags": ["team"]}}""");
        return $$"""{"schedules": [{{string.Join(",\n", items)}}]{{(prune ? ", \"prune\": {\"tag\": \"team\"}" : "")}}}""";
    }

    /// <summary>
    /// When the apply's first write lands (its plan is read by then), another client updates the stray and creates "late":
    /// both after the plan read them and, with the many writes still ahead of the apply, before it writes them.
    /// </summary>
    private static async Task<Task> RaceOnFirstWriteAsync(RedisTestContext redis, SchedulerClient other)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = redis.Redis.GetSubscriber();
        var channel = RedisChannel.Literal(redis.KeyPrefix + "schedule-changed");
        await subscriber.SubscribeAsync(channel, (from, id) =>
        {
            if (id != "a000") return;
            _ = Task.Run(async () =>
            {
                try
                {
                    await other.UpdateAsync("stray", new TaskUpdate { Spec = "every 45 minutes" });
                    await other.ScheduleAsync(new NotificationTask("theirs"), "every 2 hours", new ScheduleOptions { Id = "late", Tags = ["team"] });
                    changed.TrySetResult();
                }
                catch (Exception e) { changed.TrySetException(e); }
            });
        });
        return WaitThenUnsubscribeAsync();

        async Task WaitThenUnsubscribeAsync()
        {
            try { await changed.Task.WaitAsync(TimeSpan.FromSeconds(30)); }
            finally { await subscriber.UnsubscribeAsync(channel); }
        }
    }

    private static async Task AssertRaceKeptAsync(SchedulerClient other)
    {
        var stray = (await other.GetAsync("stray"))!;
        Assert.Equal((ScheduleStatus.Scheduled, "every 45 minutes"), (stray.Status, stray.Spec));
        var late = (await other.GetAsync("late"))!;
        Assert.Equal(("theirs", "every 2 hours"), (((NotificationTask)late.Task).Message, late.Spec));
        Assert.Equal(Declared, (await other.GetAsync($"a{Ahead - 1:000}"))!.Task);
    }
}
