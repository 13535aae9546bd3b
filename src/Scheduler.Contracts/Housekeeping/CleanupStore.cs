using System.Security.Cryptography;
using System.Text.Json;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// Cleanup registrations in Redis: one JSON string per registration plus a creation-ordered index. Shared by the
/// client, the worker's <c>cleanup</c> handler and the dashboard.
/// </summary>
internal sealed partial class CleanupStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public RedisKeys Keys { get; } = keys;
    private IDatabase Db => redis.GetDatabase();

    /// <summary>A new registration id: "c" and 16 hex digits, within <see cref="TaskIds.Accepted"/>.</summary>
    public static string NewId() => "c" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    /// <summary>Stores a new registration and indexes it, atomically; false when the id is already taken.</summary>
    public async Task<bool> CreateAsync(CleanupRegistration registration)
    {
        // A sequence, not the creation time, orders the index: registrations made in the same millisecond keep their order.
        var order = await Db.StringIncrementAsync(Keys.CleanupSequence);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(Keys.Cleanup(registration.Id)));
        _ = transaction.StringSetAsync(Keys.Cleanup(registration.Id), Serialize(registration));
        _ = transaction.SortedSetAddAsync(Keys.Cleanups, registration.Id, order);
        _ = transaction.SortedSetAddAsync(Keys.CleanupDue, registration.Id, FirstDue(registration));
        return await transaction.ExecuteAsync();
    }

    /// <summary>The registration with <paramref name="id"/> and its last run, or null.</summary>
    public async Task<CleanupRegistration?> GetAsync(string id) =>
        TaskIds.IsValid(id) ? await WithLastRunAsync(Deserialize(await Db.StringGetAsync(Keys.Cleanup(id)))) : null;

    /// <summary>The registration with <paramref name="id"/> and its last run, with the stored text an update is based on.</summary>
    public async Task<(CleanupRegistration? Registration, RedisValue Stored)> GetForUpdateAsync(string id)
    {
        if (!TaskIds.IsValid(id)) return (null, RedisValue.Null);
        var stored = await Db.StringGetAsync(Keys.Cleanup(id));
        return (await WithLastRunAsync(Deserialize(stored)), stored);
    }

    /// <summary>What <see cref="ReplaceAsync"/> found.</summary>
    public enum Replacement { Replaced, Changed, Gone }

    /// <summary>
    /// Overwrites a registration while it is still stored as <paramref name="basedOn"/> (read by
    /// <see cref="GetForUpdateAsync"/>): an update made meanwhile is never overwritten unseen. Its next run stays, unless
    /// <paramref name="intervalChanged"/>: then it is one new interval from now, or the next run if that is sooner.
    /// </summary>
    public async Task<Replacement> ReplaceAsync(CleanupRegistration registration, RedisValue basedOn, bool intervalChanged)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(Keys.Cleanup(registration.Id), basedOn));
        _ = transaction.StringSetAsync(Keys.Cleanup(registration.Id), Serialize(registration));
        // A description or policy edited must not postpone the next run by a whole interval (with a daily interval, a
        // registration edited every day would never run); NotExists still gives one stored without a due entry its first.
        _ = transaction.SortedSetAddAsync(Keys.CleanupDue, registration.Id, FirstDue(registration),
            intervalChanged ? SortedSetWhen.LessThan : SortedSetWhen.NotExists);
        if (await transaction.ExecuteAsync()) return Replacement.Replaced;
        return await Db.KeyExistsAsync(Keys.Cleanup(registration.Id)) ? Replacement.Changed : Replacement.Gone;
    }

    /// <summary>Deletes a registration with its index entries, last run and history, stopping a run of it in progress; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string id)
    {
        if (!TaskIds.IsValid(id)) return false;
        var transaction = Db.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(Keys.Cleanup(id));
        _ = transaction.SortedSetRemoveAsync(Keys.Cleanups, id);
        _ = transaction.SortedSetRemoveAsync(Keys.CleanupDue, id);
        _ = transaction.HashDeleteAsync(Keys.CleanupRuns, id);
        _ = transaction.HashDeleteAsync(Keys.CleanupLastRuns, id);
        _ = transaction.KeyDeleteAsync(Keys.CleanupHistory(id));
        // A run in progress sees its hold gone and stops before its next delete.
        _ = transaction.KeyDeleteAsync(Keys.CleanupRunning(id));
        await transaction.ExecuteAsync();
        return await deleted;
    }

    /// <summary>Every registration with its last run, oldest first.</summary>
    public async Task<IReadOnlyList<CleanupRegistration>> ListAsync()
    {
        var ids = await Db.SortedSetRangeByRankAsync(Keys.Cleanups);
        if (ids.Length == 0) return [];
        var values = await Db.StringGetAsync([.. ids.Select(id => (RedisKey)Keys.Cleanup(id!))]);
        return await WithLastRunsAsync([.. values.Select(Deserialize).OfType<CleanupRegistration>()]);
    }

    // The last run lives in its own hash (written by whoever runs it), not in the definition an update rewrites.
    private static string Serialize(CleanupRegistration registration) =>
        JsonSerializer.Serialize(registration with { LastRun = null }, TaskTypes.JsonOptions);

    private static CleanupRegistration? Deserialize(RedisValue value) =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CleanupRegistration>(value.ToString(), TaskTypes.JsonOptions);
}
