using StackExchange.Redis;

namespace Scheduler.Contracts.Housekeeping;

internal sealed partial class CleanupStore
{
    // KEYS: due index, run counts. ARGV: id, the due score read by the caller, the next score. Moves the registration on
    // only when its score is still the one read, so of the processes that saw it due exactly one claims (and counts) the run.
    private const string ClaimScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or score ~= ARGV[2] then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
        return 1
        """;

    private static double FirstDue(CleanupRegistration registration) =>
        (registration.UpdatedAt + registration.Interval).ToUnixTimeMilliseconds();

    /// <summary>
    /// Up to <paramref name="limit"/> registrations due at <paramref name="now"/> (the longest due first), each with the
    /// score it was read at, in the order they run (<see cref="CleanupPriority.InRunOrder"/>). The due entry of a
    /// registration that no longer exists is dropped.
    /// </summary>
    public async Task<IReadOnlyList<(CleanupRegistration Registration, double Due)>> DueAsync(DateTimeOffset now, int limit)
    {
        var entries = await Db.SortedSetRangeByScoreWithScoresAsync(Keys.CleanupDue, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: limit);
        if (entries.Length == 0) return [];
        // The registrations and their registration order in one round trip.
        var batch = Db.CreateBatch();
        var valuesRead = batch.StringGetAsync([.. entries.Select(e => (RedisKey)Keys.Cleanup(e.Element!))]);
        var orderRead = batch.SortedSetScoresAsync(Keys.Cleanups, [.. entries.Select(e => e.Element)]);
        batch.Execute();
        var (values, order) = (await valuesRead, await orderRead);
        var due = new List<(CleanupRegistration Registration, double Due, double Order)>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            if (Deserialize(values[i]) is { } registration) due.Add((registration, entries[i].Score, order[i] ?? double.MaxValue));
            else await ForgetAsync(entries[i].Element!);
        }
        var scores = due.ToDictionary(d => d.Registration.Id, d => d.Due, StringComparer.Ordinal);
        return [.. CleanupPriority.InRunOrder(due.OrderBy(d => d.Order).Select(d => d.Registration)).Select(r => (r, scores[r.Id]))];
    }

    /// <summary>
    /// Claims the run of <paramref name="registration"/> due at <paramref name="due"/>: true for exactly one caller,
    /// which runs it; its next run is moved to the next interval on its grid after <paramref name="now"/>.
    /// </summary>
    public async Task<bool> ClaimAsync(CleanupRegistration registration, double due, DateTimeOffset now)
    {
        var next = CleanupInterval.NextAfter(DateTimeOffset.FromUnixTimeMilliseconds((long)due), registration.Interval, now);
        var claimed = await Db.ScriptEvaluateAsync(ClaimScript, [Keys.CleanupDue, Keys.CleanupRuns],
            [registration.Id, Score(due), Score(next.ToUnixTimeMilliseconds())]);
        return (int)claimed == 1;
    }

    /// <summary>
    /// When each of <paramref name="ids"/> is next due to run by itself (a time already past: due, and no worker has run
    /// it yet); an id without a due entry is left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> NextDueAsync(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) return new Dictionary<string, DateTimeOffset>();
        var scores = await Db.SortedSetScoresAsync(Keys.CleanupDue, [.. ids.Select(id => (RedisValue)id)]);
        return ids.Zip(scores).Where(p => p.Second is not null)
            .ToDictionary(p => p.First, p => DateTimeOffset.FromUnixTimeMilliseconds((long)p.Second!.Value), StringComparer.Ordinal);
    }

    /// <summary>Drops the due entry of a registration that no longer exists.</summary>
    public async Task ForgetAsync(string id)
    {
        await Db.SortedSetRemoveAsync(Keys.CleanupDue, id);
        await Db.HashDeleteAsync(Keys.CleanupRuns, id);
        await Db.HashDeleteAsync(Keys.CleanupLastRuns, id);
        await Db.KeyDeleteAsync(Keys.CleanupHistory(id));
    }

    /// <summary>
    /// Gives every registration without a due entry (one stored before registrations ran by themselves) its first run,
    /// one interval from now. Cheap when nothing is missing: two counts.
    /// </summary>
    public async Task<int> AddMissingDueAsync(DateTimeOffset now)
    {
        if (await Db.SortedSetLengthAsync(Keys.CleanupDue) >= await Db.SortedSetLengthAsync(Keys.Cleanups)) return 0;
        var added = 0;
        foreach (var registration in await ListAsync())
        {
            if (await Db.SortedSetAddAsync(Keys.CleanupDue, registration.Id, (now + registration.Interval).ToUnixTimeMilliseconds(), When.NotExists))
                added++;
        }
        return added;
    }

    // ZSCORE answers the score as Redis formats it; integers (ms) print without a fraction either way.
    private static string Score(double value) => ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
