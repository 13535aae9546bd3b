using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Returns to their queue the Hangfire jobs that a worker fetched and then died with, before any run of ours knew them:
/// still "Enqueued" (died before starting), or "Processing" on a worker that stopped heart-beating before it wrote the
/// in-flight entry the orphaned-run watchdog recovers from. Also a job popped into a fetched list whose worker never got
/// the reply (Redis restarted between the pop and the reply): it has no fetch time, so a sweep dates it and judges it by
/// that date. And a job "Processing" under a worker that lives but no longer holds it (<see cref="FetchVerdict.Unheld"/>):
/// its final state change or hand-back was lost. Key layout: <see cref="HangfireKeys"/>. This is the only sweep of the fetched lists: the storage leaves out
/// Hangfire.Redis.StackExchange's fetched-jobs watcher (<see cref="SchedulerRedisStorage"/>), which hands back a job
/// fetched longer ago than its invisibility timeout whether or not its worker lives, so a run longer than that restarted
/// whenever a Hangfire server started. What that watcher also did, dropping the entries of finished or expired jobs and
/// handing back the jobs of a dead Hangfire server that is not one of ours, is done here.
/// </summary>
internal sealed partial class StrandedFetchSweeper(
    IConnectionMultiplexer redis,
    ScheduleStore store,
    JobStorage storage,
    IBackgroundJobClient jobs,
    IOptions<SchedulerRedisOptions> redisOptions,
    IOptions<BeatOptions> options,
    TimeProvider time,
    ILogger<StrandedFetchSweeper> logger)
{
    // For a job that never started: what Hangfire's RedisFetchedJob.Requeue does (push back, leave the fetched list,
    // clear Fetched/Checked, wake the workers), but only while the job is as this sweep read it, so two beats never push
    // it twice and a job a worker fetched again meanwhile is left alone. A job already waiting in the queue (re-queued
    // through its state) keeps its one place there. KEYS: fetched list, queue, job. ARGV: job id, State and Fetched as
    // read, fetch channel.
    private const string Requeue = """
        local seen = redis.call('HMGET', KEYS[3], 'State', 'Fetched')
        if seen[1] ~= ARGV[2] or (seen[2] or '') ~= ARGV[3] then return 0 end
        if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[3], 'Fetched', 'Checked')
        if redis.call('LPOS', KEYS[2], ARGV[1]) then return 2 end
        redis.call('RPUSH', KEYS[2], ARGV[1])
        redis.call('PUBLISH', ARGV[4], ARGV[1])
        return 1
        """;

    // Dates a job with no fetch time, in the field Hangfire's own watcher used for the same, only while its hash exists:
    // an id whose job hash expired must not get a new hash. KEYS: job. ARGV: the date.
    private const string Date = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        return redis.call('HSETNX', KEYS[1], 'Checked', ARGV[1])
        """;

    private readonly HangfireKeys _keys = new(redisOptions.Value.HangfirePrefix);

    public async Task<int> SweepAsync()
    {
        var db = redis.GetDatabase();
        var now = time.GetUtcNow();
        var cutoff = now - options.Value.WorkerDeadAfter;
        // Read before the jobs: a run begun after this read is on a live worker, or in the ledger by the next sweep.
        var inFlight = (await store.InFlightAsync()).Select(r => r.JobId).ToHashSet(StringComparer.Ordinal);
        var alive = (await store.AliveProcessesAsync(cutoff)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Before the jobs too: a job a worker settles after this read has its final state read below.
        var holdings = new Dictionary<string, WorkerHolding>(await store.ReadHoldingsAsync(alive), StringComparer.OrdinalIgnoreCase);
        var servers = (await db.SetMembersAsync(_keys.Servers)).Select(s => s.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var suspects = new Dictionary<string, RedisValue>();
        var gone = new HashSet<string>(StringComparer.Ordinal);
        var requeued = 0;
        foreach (var queue in (await db.SetMembersAsync(_keys.Queues)).Select(q => q.ToString()))
        {
            var ids = (await db.ListRangeAsync(_keys.Fetched(queue))).Select(id => id.ToString()).Distinct();
            foreach (var (job, fetched) in await Task.WhenAll(ids.Select(id => ReadAsync(db, id, cutoff))))
            {
                var done = job.Judge(cutoff, inFlight, alive, servers, holdings) switch
                {
                    FetchVerdict.NeverStarted => await RequeueNeverStartedAsync(db, queue, job, fetched),
                    FetchVerdict.Abandoned => RequeueAbandoned(db, queue, job, fetched, now, suspects),
                    FetchVerdict.Unheld => RequeueAbandoned(db, queue, job, fetched, now, suspects, workerAlive: true),
                    FetchVerdict.Untimed => await DateAsync(db, job, now),
                    FetchVerdict.Leftover => await DropLeftoverAsync(db, queue, job, fetched),
                    FetchVerdict.Gone => await DropGoneAsync(db, queue, job, gone),
                    _ => false,
                };
                if (done) requeued++;
            }
        }
        _suspects = suspects;
        _gone = gone;
        return requeued;
    }

    private async Task<bool> RequeueNeverStartedAsync(IDatabase db, string queue, FetchedJob job, RedisValue fetched)
    {
        var result = (int)await db.ScriptEvaluateAsync(Requeue,
            [_keys.Fetched(queue), _keys.Queue(queue), _keys.Job(job.Id)], [job.Id, job.State, fetched.IsNull ? "" : fetched, _keys.FetchChannel]);
        if (result == 1) LogRequeued(job.Id, queue);
        if (result == 2) LogAlreadyQueued(job.Id, queue);
        return result == 1;
    }

    // The first sweep to see a job with no fetch time dates it.
    private async Task<bool> DateAsync(IDatabase db, FetchedJob job, DateTimeOffset now)
    {
        await db.ScriptEvaluateAsync(Date, [_keys.Job(job.Id)], [JobHelper.SerializeDateTime(now.UtcDateTime)]);
        return false;
    }

    private async Task<(FetchedJob Job, RedisValue Fetched)> ReadAsync(IDatabase db, string id, DateTimeOffset cutoff)
    {
        var fields = await db.HashGetAsync(_keys.Job(id), ["State", "Fetched", "Checked"]);
        var (state, fetchedAt, checkedAt) = ((string?)fields[0], FetchedJob.ParseTime(fields[1]), FetchedJob.ParseTime(fields[2]));
        var job = new FetchedJob(id, state, fetchedAt, CheckedAt: fetchedAt is null ? checkedAt : null);
        if (state != ProcessingState.StateName || !((fetchedAt ?? checkedAt) <= cutoff)) return (job, fields[1]);
        var started = await db.HashGetAsync(_keys.JobState(id), ["ServerId", "StartedAt"]);
        return (job with { ServerId = started[0], StartedAt = FetchedJob.ParseTime(started[1]) }, fields[1]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was fetched from queue {Queue} by a worker that died before starting it; re-queued")]
    private partial void LogRequeued(string jobId, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} left in queue {Queue}'s fetched list by a dead worker is already queued again; entry dropped")]
    private partial void LogAlreadyQueued(string jobId, string queue);
}
