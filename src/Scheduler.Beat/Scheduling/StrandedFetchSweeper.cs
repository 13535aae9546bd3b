using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Beat.Scheduling;

/// <summary>
/// Returns to their queue the Hangfire jobs a worker fetched but died before starting: they still say "Enqueued" while
/// sitting in the queue's fetched list, and no run of ours knows them, so only Hangfire's invisibility timeout (30 min)
/// would release them. A live worker moves a fetched job to "Processing" within milliseconds, so a job fetched longer
/// ago than <see cref="BeatOptions.WorkerDeadAfter"/> and still enqueued was stranded. The key layout is
/// Hangfire.Redis.StackExchange's: <c>queues</c>, <c>queue:{q}</c>, <c>queue:{q}:dequeued</c>, <c>job:{id}</c>.
/// </summary>
internal sealed partial class StrandedFetchSweeper(
    IConnectionMultiplexer redis,
    IOptions<SchedulerRedisOptions> redisOptions,
    IOptions<BeatOptions> options,
    TimeProvider time,
    ILogger<StrandedFetchSweeper> logger)
{
    // Moves the job back only if it is still in the fetched list, so two beats never push it twice.
    private const string Requeue = """
        if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[3], 'Fetched', 'Checked')
        redis.call('RPUSH', KEYS[2], ARGV[1])
        return 1
        """;

    public async Task<int> SweepAsync()
    {
        var prefix = redisOptions.Value.HangfirePrefix;
        var db = redis.GetDatabase();
        var cutoff = time.GetUtcNow() - options.Value.WorkerDeadAfter;
        var requeued = 0;
        foreach (var queue in await db.SetMembersAsync(prefix + "queues"))
        {
            var fetched = $"{prefix}queue:{queue}:dequeued";
            foreach (var jobId in await db.ListRangeAsync(fetched))
            {
                var job = $"{prefix}job:{jobId}";
                var fields = await db.HashGetAsync(job, ["State", "Fetched"]);
                if (fields[0] != "Enqueued" || !DateTime.TryParse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                    || new DateTimeOffset(at.ToUniversalTime()) > cutoff) continue;
                if ((int)await db.ScriptEvaluateAsync(Requeue, [fetched, $"{prefix}queue:{queue}", job], [jobId]) == 1)
                {
                    requeued++;
                    LogRequeued(jobId!, queue!);
                }
            }
        }
        return requeued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was fetched from queue {Queue} by a worker that died before starting it; re-queued")]
    private partial void LogRequeued(string jobId, string queue);
}
