using System.Globalization;
using Scheduler.Contracts.Capabilities;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    // Hangfire's default key prefix, read when no server of the system has said which prefix its storage uses.
    private const string DefaultHangfirePrefix = "{hangfire}:";

    /// <summary>
    /// Every queue runs go to (those Hangfire has had jobs in, those live workers serve, and "default"), by name: runs
    /// waiting, runs taken by workers, since when the oldest has waited, and the live workers serving it. Read where
    /// the system's Hangfire storage keeps them (every server says where at start; Hangfire's default prefix before any has).
    /// </summary>
    public async Task<IReadOnlyList<QueueState>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        var live = await GetWorkerCapabilitiesAsync(cancellationToken);
        var db = _store.Db;
        var prefix = (string?)await db.StringGetAsync(_store.Keys.HangfireStorage).WaitAsync(cancellationToken) ?? DefaultHangfirePrefix;
        var known = await db.SetMembersAsync($"{prefix}queues").WaitAsync(cancellationToken);
        var names = known.Select(n => n.ToString()).Concat(live.SelectMany(w => w.Queues)).Append(DefaultQueue)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // One pipelined round trip: each queue's two lengths and the job waiting longest (workers take from the right).
        var reads = names.Select(n => (
            Waiting: db.ListLengthAsync($"{prefix}queue:{n}"),
            Taken: db.ListLengthAsync($"{prefix}queue:{n}:dequeued"),
            Oldest: db.ListGetByIndexAsync($"{prefix}queue:{n}", -1))).ToList();
        await Task.WhenAll(reads.SelectMany(r => new Task[] { r.Waiting, r.Taken, r.Oldest })).WaitAsync(cancellationToken);
        var since = await Task.WhenAll(reads.Select(r => r.Oldest.Result.IsNull
            ? Task.FromResult(RedisValue.Null)
            : db.HashGetAsync($"{prefix}job:{r.Oldest.Result}:state", "EnqueuedAt"))).WaitAsync(cancellationToken);
        return [.. names.Select((name, i) => new QueueState(name, reads[i].Waiting.Result, reads[i].Taken.Result, Instant(since[i]),
            // A worker listens to its queues' low-priority lanes too ("reports-low" for "reports").
            [.. live.Where(w => w.Queues.Count == 0 || Flow.FlowQueues.Expand(w.Queues).Contains(name)).Select(w => w.WorkerId).Order(StringComparer.Ordinal)]))];
    }

    // Hangfire writes a state's instants as ISO 8601 text, or as Unix milliseconds at its newer compatibility levels.
    private static DateTimeOffset? Instant(RedisValue value) =>
        value.IsNullOrEmpty ? null
        : long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : null;
}
