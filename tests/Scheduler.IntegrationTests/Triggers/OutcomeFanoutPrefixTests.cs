using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>
/// The outcome script carries the key prefix in its own text (not in each call's arguments): a prefix with the marks a
/// Lua string would take for its own (quotes, a backslash) must still name the keys it names.
/// </summary>
public sealed class OutcomeFanoutPrefixTests
{
    [Fact]
    public async Task A_runs_fan_out_reaches_its_subscriber_under_a_prefix_with_quotes_and_a_backslash()
    {
        await using var redis = await RedisTestContext.CreateAsync("outcome-prefix");
        // Under the test's own prefix, so its clean-up takes these keys too.
        var prefix = redis.KeyPrefix + "it's\"q\"\\:";
        var keys = new RedisKeys(prefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var client = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = prefix, VerifyWorkers = false });
        var db = redis.Redis.GetDatabase();
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("source"), "in 1 hour", new ScheduleOptions { Id = "source" });
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("next"), "after:source:finished", new ScheduleOptions { Id = "next" });

        await SourceRuns.SucceedAsync(store, "source", "source:1700000000000");

        Assert.Equal(["#e1:next"], (await db.SortedSetRangeByRankAsync(keys.Triggers)).Select(m => (string)m!));
        Assert.Equal("source", (string?)await db.HashGetAsync(keys.Trigger("e1"), "source"));
        Assert.True((await db.KeyTimeToLiveAsync(keys.Trigger("e1"))) > TimeSpan.FromDays(29));
        Assert.Equal(1, await db.ListLengthAsync(keys.Runs("source")));
    }
}
