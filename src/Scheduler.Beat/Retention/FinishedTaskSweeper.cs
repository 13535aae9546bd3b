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
/// Redis for good (about 2 KB each). A sweep reads every task's status: a finished task is marked with the instant it
/// was first found finished (<see cref="ScheduleRecord.RetainedFrom"/>), so the retention counts from no earlier than its
/// end whichever way it ended, and a revived one loses its mark. A marked task past the retention is deleted as
/// <c>SchedulerClient.DeleteAsync</c> deletes (record, history, ledger, every index entry, an audit entry), by a delete
/// that checks in the same call that it is still finished and neither ran nor changed since. Failed tasks stay until
/// retried or deleted. One Beat sweeps per <see cref="BeatOptions.RetentionSweepInterval"/>.
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

    // Marks a task found finished, unless it is gone or no longer has that status (a delete or a revival since the read).
    private const string MarkScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
        return redis.call('HSETNX', KEYS[1], 'retainedFrom', ARGV[2])
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

    /// <summary>One sweep over every task; returns how many it marked finished and how many it deleted.</summary>
    internal async Task<(int Marked, int Deleted)> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cutoff = now - (long)options.Value.FinishedTaskRetention.TotalMilliseconds;
        var (marked, deleted) = (0, 0);
        long offset = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ids = await store.Db.SortedSetRangeByRankAsync(store.Keys.Tasks, offset, offset + Page - 1);
            if (ids.Length == 0) break;
            var records = await Task.WhenAll(ids.Select(id =>
                store.Db.HashGetAsync(store.Keys.Task(id!), [ScheduleRecord.Status, ScheduleRecord.RetainedFrom])));
            var (marks, unmarks, removed) = (new List<Task<RedisResult>>(), new List<Task>(), 0);
            for (var i = 0; i < ids.Length; i++)
            {
                var (id, status) = ((string)ids[i]!, (string?)records[i][0]);
                long? since = long.TryParse((string?)records[i][1], out var markedAt) ? markedAt : null;
                if (status is null) continue;
                if (!FinishesRetention(status))
                {
                    if (since is not null) unmarks.Add(store.Db.HashDeleteAsync(store.Keys.Task(id), ScheduleRecord.RetainedFrom));
                }
                else if (since is null)
                {
                    marks.Add(store.Db.ScriptEvaluateAsync(MarkScript, [store.Keys.Task(id)], [status, now]));
                }
                else if (since <= cutoff && await DeleteAsync(id, cutoff))
                {
                    (deleted, removed) = (deleted + 1, removed + 1);
                }
            }
            marked += (await Task.WhenAll(marks)).Count(result => (long)result == 1);
            await Task.WhenAll(unmarks);
            // Deleted ids left the index: the next page starts that many ranks earlier.
            offset += ids.Length - removed;
        }
        if (deleted > 0) LogDeleted(deleted, options.Value.FinishedTaskRetention);
        return (marked, deleted);
    }

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
