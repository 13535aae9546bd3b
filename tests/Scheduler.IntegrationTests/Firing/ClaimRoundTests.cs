using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A small firing round brings its task records with the claim (one wait fewer per fire at a steady rate); a larger
/// round is claimed alone and its records are read after it, as before.
/// </summary>
public sealed class ClaimRoundTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_small_round_brings_each_claimed_record_as_a_plain_read_returns_it_and_a_vanished_one_empty()
    {
        await using var redis = await RedisTestContext.CreateAsync("claim-records");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var tasks = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.ScheduleAsync(new NotificationTask($"claim {i}"), "every 1 hour")));
        var now = DateTimeOffset.UtcNow;
        // Due now (their real instants are an hour away), and one id whose record is gone.
        foreach (var task in tasks) await db.SortedSetAddAsync(keys.Due, task.Id, now.ToUnixTimeMilliseconds() - 1);
        await db.SortedSetAddAsync(keys.Due, "t0vanished", now.ToUnixTimeMilliseconds() - 1);

        var round = await store.ClaimRoundAsync(now, limit: 500, Lease, recordsUpTo: 8);

        Assert.Equal(4, round.DueIds.Count);
        Assert.NotNull(round.Records);
        var plain = await store.ReadRecordsAsync(round.DueIds);
        for (var i = 0; i < round.DueIds.Count; i++)
            Assert.Equal(Fields(plain[i]), Fields(round.Records[i]));
        Assert.Empty(round.Records[round.DueIds.ToList().IndexOf("t0vanished")]);
        Assert.Equal(tasks.Select(t => t.Id).Order(), round.DueIds.Where(id => id != "t0vanished").Order());
        Assert.All(round.Records.Where(r => r.Length > 0), r => Assert.Equal("notification", Fields(r)[ScheduleRecord.TaskType]));
        // Claimed all the same: each is leased until the lease's end.
        foreach (var id in round.DueIds) Assert.Equal((now + Lease).ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Due, id));
    }

    [Fact]
    public async Task A_round_larger_than_asked_for_or_a_claim_that_asks_for_none_comes_without_records_and_still_claims()
    {
        await using var redis = await RedisTestContext.CreateAsync("claim-no-records");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var tasks = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.ScheduleAsync(new NotificationTask($"large {i}"), "every 1 hour")));
        var now = DateTimeOffset.UtcNow;
        async Task DueAsync() { foreach (var task in tasks) await db.SortedSetAddAsync(keys.Due, task.Id, now.ToUnixTimeMilliseconds() - 1); }

        await DueAsync();
        var larger = await store.ClaimRoundAsync(now, limit: 500, Lease, recordsUpTo: 2);
        await DueAsync();
        var none = await store.ClaimRoundAsync(now, limit: 500, Lease);

        foreach (var round in new[] { larger, none })
        {
            Assert.Equal(3, round.DueIds.Count);
            Assert.Null(round.Records);
        }
        foreach (var task in tasks) Assert.Equal((now + Lease).ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Due, task.Id));
    }

    private static Dictionary<string, string> Fields(HashEntry[] entries) => entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
}
