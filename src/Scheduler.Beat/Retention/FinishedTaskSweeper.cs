using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Runs;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Beat.Retention;

/// <summary>
/// Removes tasks that finished without failure (completed, cancelled, expired) once <see cref="BeatOptions.FinishedTaskRetention"/>
/// has passed, as Hangfire expires succeeded jobs: without it every finished one-shot keeps its record and run history in
/// Redis for good (about 2 KB each). A finished task is marked with the instant it was first found finished
/// (<see cref="ScheduleRecord.RetainedFrom"/>) and indexed by it (<see cref="RedisKeys.Retained"/>), so the retention
/// counts from no earlier than its end whichever way it ended, and a revived one loses its mark. Each sweep deletes the
/// indexed tasks past the retention, as <c>SchedulerClient.DeleteAsync</c> deletes (record, history, ledger, every index
/// entry, an audit entry), by a delete that checks in the same call that each is still finished and neither ran nor
/// changed since; and it reads the status of one slice of all tasks (<see cref="ScanSlice"/>), continuing where the last
/// sweep stopped, so that a task is read about seven times over a retention rather than at every sweep. Failed tasks,
/// and finished ones whose last run failed, stay until retried or deleted. One Beat sweeps per <see cref="BeatOptions.RetentionSweepInterval"/>.
/// </summary>
internal sealed partial class FinishedTaskSweeper(
    ScheduleStore store,
    RedisHealth health,
    AuditRetention auditRetention,
    IOptions<BeatOptions> options,
    TimeProvider time,
    ILogger<FinishedTaskSweeper> logger) : BackgroundService
{
    /// <summary>Who the audit log names for a task the sweep removed.</summary>
    public const string Actor = "beat:retention";

    private const int Page = 500;

    private const int DeletesAtOnce = 16;

    /// <summary>How many slices a retention is read in: a task is found finished within a seventh of the retention.</summary>
    internal const int ReadsPerRetention = 7;

    // KEYS: task hash, retained index. ARGV: status read, now ms, id. Marks and indexes a task found finished, unless it is
    // gone or no longer has that status (a delete or a revival since the read); a task marked already is indexed under
    // its mark. Returns 1 when it marked the task.
    private const string MarkScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
        local marked = redis.call('HSETNX', KEYS[1], 'retainedFrom', ARGV[2])
        redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'retainedFrom'), ARGV[3])
        return marked
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.FinishedTaskRetention <= TimeSpan.Zero) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await TakeTurnAsync()) await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (e is RedisException or TimeoutException) health.ReportTrouble();
                LogSweepFailed(e.Message);
            }
            try { await Task.Delay(options.Value.RetentionSweepInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    // Another Beat holding the turn sweeps this interval; two at once would only read twice (the deletes are checked).
    private Task<bool> TakeTurnAsync() =>
        store.Db.StringSetAsync(store.Keys.RetentionTurn, Environment.MachineName + ":" + Environment.ProcessId, options.Value.RetentionSweepInterval, When.NotExists);

    /// <summary>
    /// How many tasks of <paramref name="total"/> one sweep reads: every task once per seventh of the
    /// <paramref name="retention"/>, or once per <paramref name="interval"/> when that is longer; at least a page.
    /// </summary>
    internal static long ScanSlice(long total, TimeSpan interval, TimeSpan retention)
    {
        var period = Math.Max(interval.Ticks, retention.Ticks / ReadsPerRetention);
        var slice = (long)Math.Ceiling(total * (double)interval.Ticks / period);
        return Math.Max(Page, slice);
    }

    /// <summary>
    /// One sweep: a slice of every task read for status (<paramref name="slice"/> tasks; by default <see cref="ScanSlice"/>),
    /// then every indexed task past the retention deleted; returns how many it marked finished and how many it deleted.
    /// </summary>
    internal async Task<(int Marked, int Deleted)> SweepAsync(CancellationToken cancellationToken = default, long? slice = null)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cutoff = now - (long)options.Value.FinishedTaskRetention.TotalMilliseconds;
        var marked = await ReadSliceAsync(now, slice, cancellationToken);
        return (marked, await DeleteRetainedAsync(cutoff, cancellationToken));
    }

    private async Task<int> ReadSliceAsync(long now, long? slice, CancellationToken cancellationToken)
    {
        var total = await store.Db.SortedSetLengthAsync(store.Keys.Tasks);
        var take = slice ?? ScanSlice(total, options.Value.RetentionSweepInterval, options.Value.FinishedTaskRetention);
        // A cursor past the end (tasks were deleted) or unreadable starts over.
        if (!long.TryParse((string?)await store.Db.StringGetAsync(store.Keys.RetentionCursor), out var start) || start >= total || start < 0) start = 0;
        var (marked, offset, end) = (0, start, Math.Min(total, start + take));
        while (offset < end && !cancellationToken.IsCancellationRequested)
        {
            var ids = await store.Db.SortedSetRangeByRankAsync(store.Keys.Tasks, offset, Math.Min(offset + Page, end) - 1);
            if (ids.Length == 0) break;
            var records = await Task.WhenAll(ids.Select(id =>
                store.Db.HashGetAsync(store.Keys.Task(id!), [ScheduleRecord.Status, ScheduleRecord.RetainedFrom, ScheduleRecord.LastOutcome])));
            var (marks, writes) = (new List<Task<RedisResult>>(), new List<Task>());
            for (var i = 0; i < ids.Length; i++)
            {
                var (id, status, since) = ((string)ids[i]!, (string?)records[i][0], records[i][1]);
                if (status is null) continue;
                // A task whose last run failed is kept as a failed one is, even when its max runs ended it "completed":
                // its failure is still to be seen to (retried, or the task deleted).
                if (EndedInFailure((string?)records[i][2])) status = ScheduleStatusNames.Name(ScheduleStatus.Failed);
                if (FinishesRetention(status) && since.IsNull)
                {
                    marks.Add(store.Db.ScriptEvaluateAsync(MarkScript, [store.Keys.Task(id), store.Keys.Retained], [status, now, id]));
                }
                else if (FinishesRetention(status))
                {
                    // Marked before the index existed, or its entry went with a refused delete: indexed again under its mark.
                    // A mark that is not a time is dropped, so the next read marks the task afresh.
                    writes.Add(long.TryParse((string?)since, out var markedAt)
                        ? store.Db.SortedSetAddAsync(store.Keys.Retained, id, markedAt)
                        : store.Db.HashDeleteAsync(store.Keys.Task(id), ScheduleRecord.RetainedFrom));
                }
                else if (!since.IsNull)
                {
                    writes.Add(store.Db.HashDeleteAsync(store.Keys.Task(id), ScheduleRecord.RetainedFrom));
                    writes.Add(store.Db.SortedSetRemoveAsync(store.Keys.Retained, id));
                }
            }
            marked += (await Task.WhenAll(marks)).Count(result => (long)result == 1);
            await Task.WhenAll(writes);
            offset += ids.Length;
        }
        // Ranks shift down as tasks are deleted: a task skipped so is read on the next pass over the index.
        await store.Db.StringSetAsync(store.Keys.RetentionCursor, offset >= total ? 0 : offset);
        return marked;
    }

    // Each indexed task whose mark is past the cutoff, deleted unless it ran, changed or was revived since; it leaves the
    // index either way (a later slice indexes a task that is still finished again, under its mark).
    private async Task<int> DeleteRetainedAsync(long cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ids = await store.Db.SortedSetRangeByScoreAsync(store.Keys.Retained, double.NegativeInfinity, cutoff, take: Page);
            if (ids.Length == 0) break;
            // A few at a time: each delete is a handful of round trips, which then share the connection's writes.
            foreach (var chunk in ids.Chunk(DeletesAtOnce))
                deleted += (await Task.WhenAll(chunk.Select(id => DeleteAsync((string)id!, cutoff)))).Count(gone => gone);
            await store.Db.SortedSetRemoveAsync(store.Keys.Retained, ids);
        }
        if (deleted > 0) LogDeleted(deleted, options.Value.FinishedTaskRetention);
        return deleted;
    }

    private static bool EndedInFailure(string? lastOutcome) =>
        string.Equals(lastOutcome, nameof(RunOutcome.Failed), StringComparison.OrdinalIgnoreCase)
        || string.Equals(lastOutcome, nameof(RunOutcome.TimedOut), StringComparison.OrdinalIgnoreCase);

    private static bool FinishesRetention(string status) =>
        status == ScheduleStatusNames.Name(ScheduleStatus.Completed) || status == ScheduleStatusNames.Name(ScheduleStatus.Cancelled)
        || status == ScheduleStatusNames.Name(ScheduleStatus.Expired);

    private async Task<bool> DeleteAsync(string id, long cutoff)
    {
        ScheduledTask? before = null;
        try { before = await store.GetAsync(id); }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException) { } // audited without it
        if (await store.DeleteForGoodAsync(id, finishedBefore: cutoff) is null) return false;
        await new AuditLog(store.Redis, store.Keys, auditRetention).RecordAsync(Actor, AuditActions.Delete, id, before, null,
            $"finished more than {options.Value.FinishedTaskRetention} ago (Scheduler:Beat:FinishedTaskRetention)");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} tasks finished more than {Retention} ago")]
    private partial void LogDeleted(int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep stopped early (next in one interval): {Reason}")]
    private partial void LogSweepFailed(string reason);
}
