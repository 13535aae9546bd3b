using System.Runtime.CompilerServices;
using StackExchange.Redis;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits for the final attempt of run <paramref name="runId"/> (once <see cref="RetryRunAsync"/> retried it, the
    /// retry's; a retry whose task is cancelled or deleted before it starts never runs, and the run's last final attempt, the
    /// failure it retried, is returned then, or null when the delete took the run's history), or, without one, of the next run of the task that finishes after this call. Without a run id, a task
    /// that had already ended when called (<see cref="ScheduleStatus.Completed"/>, <see cref="ScheduleStatus.Failed"/>,
    /// <see cref="ScheduleStatus.Expired"/> or <see cref="ScheduleStatus.Cancelled"/>: a one-shot that ran before the
    /// wait began, say) has no next run: its last finished run is returned at once (its <see cref="TaskRun.FinishedAt"/>
    /// is before the call), or null when it never ran; one that ends during the wait without a run finishing returns
    /// null then (a run still going as it ends, which a cancel stops, is waited for and returned). Returns null when <paramref name="timeout"/> passes first or the task does not exist.
    /// A run whose task is deleted before the run ends is never recorded (<see cref="DeleteAsync"/>): with
    /// <paramref name="runId"/>, the wait returns null as soon as it sees the delete, also when a new task was created
    /// under the same id meanwhile (told apart by its creation instant, and by the mark the delete leaves on the runs it
    /// stood down), rather than waiting on the new task's runs to its timeout.
    /// <see cref="TimeSpan.Zero"/> looks once; <see cref="Timeout.InfiniteTimeSpan"/> waits until the run finishes (or
    /// <paramref name="cancellationToken"/> fires). A Redis that stops answering meanwhile (a restart, a failover) is
    /// waited for until the deadline, as the run itself is.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a run id of task <paramref name="id"/>.</exception>
    /// <exception cref="RedisConnectionException">Redis did not answer, and the deadline has passed.</exception>
    public async Task<TaskRun?> WaitForResultAsync(string id, TimeSpan timeout, string? runId = null, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                "a wait of zero or more (zero looks once), or Timeout.InfiniteTimeSpan to wait until the run finishes");
        // A run id of another task, or of no run's shape, names no run this wait could ever see: said, not waited out.
        if (runId is not null && Runs.RunRequestStore.WellFormedTaskOf(runId) != id)
            throw new ArgumentException($"\"{runId}\" is not a run id of task {id}; expected \"{id}:<instant>\" as its runs list them", nameof(runId));
        var since = _time.GetUtcNow();
        // The task the run belongs to, by its creation instant: another task created under the id (a delete, then a
        // create) never records this run's outcome, so the wait ends rather than watching the new task's runs.
        RedisValue bornAt = RedisValue.Null;
        var deadline = timeout == Timeout.InfiniteTimeSpan || timeout >= DateTimeOffset.MaxValue - since ? DateTimeOffset.MaxValue : since + timeout;
        for (var first = true; ; first = false)
        {
            try
            {
                if (await LookAsync(first) is (true, var result)) return result;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException && _time.GetUtcNow() < deadline)
            {
                // Redis away for a moment (a restart, a failover): the wait goes on to its deadline, as the run does.
                await Task.Delay(OutageRetryInterval, _time, cancellationToken);
                continue;
            }
            if (_time.GetUtcNow() >= deadline) return null;
            await Task.Delay(PollInterval, _time, cancellationToken);
        }

        // One look: (true, the answer) when the wait is over, (false, null) to look again.
        async Task<(bool Done, TaskRun? Run)> LookAsync(bool first)
        {
            if (runId is not null)
            {
                // Gone, or another task under the id: the delete took the run's history, and nothing will record it now.
                var createdAt = await _store.Db.HashGetAsync(_store.Keys.Task(id), Storage.ScheduleRecord.CreatedAt).WaitAsync(cancellationToken);
                if (bornAt.IsNull) bornAt = createdAt;
                if (createdAt.IsNull || createdAt != bornAt) return (true, null);
            }
            // The ledger is read before the runs: the script that ends a retry's attempt writes both, so runs read after a
            // ledger no longer waiting hold that attempt. Read the other way round, the retry could end between the reads
            // and the failure it retried be returned as the run's outcome.
            var ledger = runId is null ? null : await _store.Db.HashGetAsync(_store.Keys.Run(runId), ["retry", "done", "owner"]).WaitAsync(cancellationToken);
            // Stood down by a delete of its task (or a fire that did not stand): no attempt of it will ever be recorded.
            if (ledger is not null && ledger[2] == Storage.StoreScripts.DeletedOwner) return await FinalAttemptKeptAsync();
            // A retry by hand reopens the run's ledger (field "retry", no "done") until its attempt's outcome is written, in
            // the same script that records that attempt: until then the run's newest final attempt is the one being retried.
            if (runId is not null && ledger is not null && !ledger[0].IsNull && ledger[1].IsNull)
            {
                if (!await RetryDroppedAsync(id, runId).WaitAsync(cancellationToken)) return (false, null);
                // Its task cancelled or deleted before the retry started: nothing will ever end it, so the run's outcome is
                // the attempt it has (read after the check: one recorded meanwhile is in the history).
                return await FinalAttemptKeptAsync();
            }
            var runs = await _store.GetRunsAsync(id, 50).WaitAsync(cancellationToken);
            var match = runs.FirstOrDefault(r => r.IsFinal && (runId is null ? r.FinishedAt >= since : r.RunId == runId));
            if (match is not null) return (true, match);
            // The task's existence was read above, before the ledger and the history.
            if (runId is not null) return (false, null);
            var task = await _store.GetAsync(id).WaitAsync(cancellationToken);
            if (task is null) return (true, null);
            // No run will come to a task that has ended: waiting out the timeout would only delay the answer. Its runs
            // are read again, as the run that ended it may have been written since the first read.
            if (!ScheduleStatusNames.HasEnded(task.Status)) return (false, null);
            var ended = (await _store.GetRunsAsync(id, 50).WaitAsync(cancellationToken)).FirstOrDefault(r => r.IsFinal && (first || r.FinishedAt >= since));
            // A run still going as its task ended (a cancel stops it, and its outcome is written as it stops) is waited for.
            return ended is not null || (await GetRunsInProgressAsync(id, cancellationToken)).Count == 0 ? (true, ended) : (false, null);
        }

        // The run's last final attempt still in its task's history (none once a delete took it): the answer for a run
        // nothing will end.
        async Task<(bool Done, TaskRun? Run)> FinalAttemptKeptAsync() =>
            (true, (await _store.GetRunsAsync(id, 50).WaitAsync(cancellationToken)).FirstOrDefault(r => r.IsFinal && r.RunId == runId));
    }

    private static readonly TimeSpan OutageRetryInterval = TimeSpan.FromSeconds(1);

    // A retry whose task was cancelled or deleted before it started never starts (Beat drops the request, a worker's claim
    // refuses it), and nothing writes its ledger's "done": the wait would last to its deadline, for ever without one. A
    // retry in flight (started, or parked) still ends, recorded, as its task's cancel stops it; a claim after the cancel
    // is refused, so no entry can appear once the task reads cancelled.
    private async Task<bool> RetryDroppedAsync(string id, string runId)
    {
        var task = await _store.GetAsync(id);
        if (task is not null && task.Status != ScheduleStatus.Cancelled) return false;
        return !await _store.Db.HashExistsAsync(_store.Keys.InFlight, runId);
    }

    /// <summary>
    /// The id of the newest event ("0-0" when there is none). A reader that must see everything from a given moment (say,
    /// before it tells its own client it is connected) takes this then and passes it to <see cref="SubscribeAsync(string?, CancellationToken)"/>:
    /// a subscription without an id only starts when it is first enumerated.
    /// </summary>
    public async Task<string> LatestEventIdAsync(CancellationToken cancellationToken = default)
    {
        var last = await _store.Redis.GetDatabase().StreamRangeAsync(_store.Keys.Events, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken);
        return last.Length > 0 ? last[0].Id.ToString() : "0-0";
    }

    /// <summary>
    /// Streams events as they are written. Without <paramref name="afterEventId"/> it starts with the next new event
    /// after its first enumeration; with one it resumes right after it ("0" replays the retained history), so a
    /// reconnecting reader misses nothing.
    /// </summary>
    /// <remarks>A Redis that stops answering (a restart, a failover) is waited for: the stream goes on after the last event it gave.
    /// Cancelling <paramref name="cancellationToken"/> (or the enumerator's) ends the stream: the loop over it finishes
    /// normally, without an <see cref="OperationCanceledException"/>, as a stream a reader chose to leave.</remarks>
    /// <exception cref="ArgumentException"><paramref name="afterEventId"/> is not an event id (<see cref="SchedulerEvent.IsId"/>), thrown by this call.</exception>
    public IAsyncEnumerable<SchedulerEvent> SubscribeAsync(string? afterEventId = null, CancellationToken cancellationToken = default)
    {
        // Checked here, not at the first MoveNextAsync of the stream, so a bad id fails where it is given.
        if (afterEventId is not null && !SchedulerEvent.IsId(afterEventId))
            throw new ArgumentException($"event id \"{(afterEventId.Length > 40 ? afterEventId[..40] : afterEventId)}\" is not a stream id such as 1732363200000-0 (0 replays the retained history)",
                nameof(afterEventId));
        return StreamAsync(afterEventId, cancellationToken);
    }

    private async IAsyncEnumerable<SchedulerEvent> StreamAsync(string? afterEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = _store.Redis.GetDatabase();
        string? cursor = afterEventId;
        while (!cancellationToken.IsCancellationRequested)
        {
            StreamEntry[] entries;
            try
            {
                cursor ??= await LatestEventIdAsync(cancellationToken);
                entries = await db.StreamRangeAsync(_store.Keys.Events, "(" + cursor, "+", 200).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) { yield break; }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                try { await Task.Delay(OutageRetryInterval, _time, cancellationToken); }
                catch (OperationCanceledException) { yield break; }
                continue;
            }
            foreach (var entry in entries)
            {
                cursor = entry.Id.ToString();
                yield return ToEvent(entry);
            }
            if (entries.Length == 0)
            {
                try { await Task.Delay(PollInterval, _time, cancellationToken); }
                catch (OperationCanceledException) { yield break; }
            }
        }
    }

    /// <summary>
    /// The newest <paramref name="limit"/> retained events whose type matches <paramref name="types"/> (and of task
    /// <paramref name="taskId"/> when given), oldest first. Read backwards from the end of the stream, so a look at
    /// what just happened does not start at the oldest retained event.
    /// </summary>
    public async Task<IReadOnlyList<SchedulerEvent>> GetRecentEventsAsync(EventTypePattern types, int limit, string? taskId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var db = _store.Redis.GetDatabase();
        var found = new List<SchedulerEvent>();
        RedisValue upper = "+";
        while (found.Count < limit)
        {
            var page = await db.StreamRangeAsync(_store.Keys.Events, "-", upper, 500, Order.Descending).WaitAsync(cancellationToken);
            foreach (var entry in page)
            {
                var e = ToEvent(entry);
                if (types.IsMatch(e.Type) && (taskId is null || e.TaskId == taskId) && found.Count < limit) found.Add(e);
            }
            if (page.Length < 500) break;
            upper = "(" + page[^1].Id;
        }
        found.Reverse();
        return found;
    }

    /// <summary>
    /// Streams the events whose type matches <paramref name="types"/> (e.g. <c>EventTypePattern.Parse("task.*")</c>),
    /// otherwise as <see cref="SubscribeAsync(string?, CancellationToken)"/>.
    /// </summary>
    public IAsyncEnumerable<SchedulerEvent> SubscribeAsync(EventTypePattern types, string? afterEventId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        return Matching(SubscribeAsync(afterEventId, cancellationToken), types, cancellationToken);
    }

    private static async IAsyncEnumerable<SchedulerEvent> Matching(IAsyncEnumerable<SchedulerEvent> events, EventTypePattern types,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in events.WithCancellation(cancellationToken))
            if (types.IsMatch(e.Type)) yield return e;
    }

    /// <summary>
    /// Ids of the Beat, worker and dashboard processes whose heartbeat is fresher than <paramref name="freshness"/>,
    /// each "role:host:pid:nonce".
    /// </summary>
    public async Task<IReadOnlyList<string>> GetLiveProcessesAsync(TimeSpan freshness, CancellationToken cancellationToken = default) =>
        [.. (await _store.AliveProcessesAsync(_time.GetUtcNow() - freshness).WaitAsync(cancellationToken)).Order(StringComparer.Ordinal)];

    internal static SchedulerEvent ToEvent(StreamEntry entry)
    {
        var fields = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
        var at = long.TryParse(fields.GetValueOrDefault("at"), out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        var data = fields.Where(f => f.Key is not ("type" or "taskId" or "at")).ToDictionary(f => f.Key, f => f.Value);
        return new SchedulerEvent(entry.Id.ToString(), fields.GetValueOrDefault("type", ""), fields.GetValueOrDefault("taskId", ""), at, data);
    }
}
