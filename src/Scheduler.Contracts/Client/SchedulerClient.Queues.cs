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
        var queues = names.Select((name, i) => new QueueState(name, reads[i].Waiting.Result, reads[i].Taken.Result, Instant(since[i]),
            // A worker listens to its queues' low-priority lanes too ("reports-low" for "reports").
            [.. live.Where(w => w.Queues.Count == 0 || Flow.FlowQueues.Expand(w.Queues).Contains(name)).Select(w => w.WorkerId).Order(StringComparer.Ordinal)])).ToList();
        for (var i = 0; i < queues.Count; i++)
            if (queues[i] is { Waiting: > 0 and <= QueueState.AbandonedLookLimit, Workers.Count: 0 } unserved)
                queues[i] = unserved with { Abandoned = await AbandonedAsync(prefix, unserved.Name, cancellationToken) };
        return queues;
    }

    private static readonly RedisValue[] JobFields = ["Type", "Arguments"];

    // The interface an occurrence's Hangfire job calls (Scheduler.Runtime.Jobs), as its job names it.
    private const string OccurrenceJobType = "Scheduler.Runtime.Jobs.ITaskOccurrenceRunner";

    // The waiting runs of a queue whose task is gone or cancelled: read from each job's arguments (the task id first).
    private async Task<long> AbandonedAsync(string prefix, string queue, CancellationToken cancellationToken)
    {
        var db = _store.Db;
        var jobs = await db.ListRangeAsync($"{prefix}queue:{queue}", 0, QueueState.AbandonedLookLimit - 1).WaitAsync(cancellationToken);
        var fields = await Task.WhenAll(jobs.Select(job => db.HashGetAsync($"{prefix}job:{job}", JobFields))).WaitAsync(cancellationToken);
        // Only an occurrence's job names a task first; another job on the same storage (an app's own) is left counted.
        var taskIds = fields.Select(f => f[0].ToString().Contains(OccurrenceJobType, StringComparison.Ordinal) ? FirstArgument(f[1]) : null).ToList();
        var statuses = await Task.WhenAll(taskIds.Select(id => id is null
            ? Task.FromResult(RedisValue.Null)
            : db.HashGetAsync(_store.Keys.Task(id), Storage.ScheduleRecord.Status))).WaitAsync(cancellationToken);
        return taskIds.Where((id, i) => id is not null && (statuses[i].IsNull
            || string.Equals(statuses[i], Storage.ScheduleRecord.StatusText(Schedules.ScheduleStatus.Cancelled), StringComparison.Ordinal))).LongCount();
    }

    // Hangfire keeps a job's arguments as a JSON array of each argument's own JSON: ["\"task-id\"", "\"run-id\"", …].
    private static string? FirstArgument(RedisValue arguments)
    {
        if (arguments.IsNullOrEmpty) return null;
        try
        {
            using var outer = System.Text.Json.JsonDocument.Parse(arguments.ToString());
            if (outer.RootElement is not { ValueKind: System.Text.Json.JsonValueKind.Array } array || array.GetArrayLength() == 0
                || array[0].GetString() is not { } first) return null;
            using var inner = System.Text.Json.JsonDocument.Parse(first);
            return inner.RootElement.ValueKind == System.Text.Json.JsonValueKind.String ? inner.RootElement.GetString() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    // Hangfire writes a state's instants as ISO 8601 text, or as Unix milliseconds at its newer compatibility levels.
    private static DateTimeOffset? Instant(RedisValue value) =>
        value.IsNullOrEmpty ? null
        : long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : null;
}
