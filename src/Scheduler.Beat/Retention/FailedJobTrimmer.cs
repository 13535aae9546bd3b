using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Runs;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Beat.Retention;

/// <summary>
/// Keeps Hangfire's Failed jobs to the newest <see cref="Kept"/>. Hangfire expires a job once it succeeds or is deleted,
/// never while it is Failed, waiting for someone to requeue it; here every failed run is in Scheduler's own failed-runs
/// list (capped alike) with its own retry, so a recurring task that keeps failing would otherwise leave three keys per
/// occurrence in Redis for good (about 6 KB; 16 MB an hour at one failure a second). The oldest beyond the cap are moved
/// to Deleted through Hangfire's state machine, so its filters run and the job expires as any deleted one. Each Beat
/// trims every <see cref="BeatOptions.RetentionSweepInterval"/>; two at once change each job once.
/// </summary>
internal sealed partial class FailedJobTrimmer(
    IConnectionMultiplexer redis, IOptions<SchedulerRedisOptions> redisOptions, IBackgroundJobClient jobs, RedisHealth health,
    IOptions<BeatOptions> options, TimeProvider time, ILogger<FailedJobTrimmer> logger) : BackgroundService
{
    /// <summary>Failed jobs kept: as many as the failed-runs list keeps.</summary>
    public const int Kept = RunScripts.FailedRunsCap;

    private const int AtOnce = 500;

    private readonly HangfireKeys _keys = new(redisOptions.Value.HangfirePrefix);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TrimAsync(Kept, stoppingToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportTrouble();
                LogTrimFailed(e.Message);
            }
            try { await Task.Delay(options.Value.RetentionSweepInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Moves the oldest Failed jobs beyond <paramref name="kept"/> to Deleted; returns how many left the Failed list.</summary>
    internal async Task<int> TrimAsync(int kept, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        var excess = await db.SortedSetLengthAsync(_keys.Failed) - kept;
        var trimmed = 0;
        while (excess > 0 && !cancellationToken.IsCancellationRequested)
        {
            var oldest = await db.SortedSetRangeByRankAsync(_keys.Failed, 0, Math.Min(excess, AtOnce) - 1);
            if (oldest.Length == 0) break;
            foreach (var id in oldest)
            {
                var deleted = jobs.ChangeState((string)id!, new DeletedState { Reason = $"Scheduler keeps the newest {kept} failed jobs; the run stays in its failed-runs list" },
                    FailedState.StateName);
                // Not Failed any more (requeued meanwhile) or gone: its entry alone is left, and would be met again.
                if (!deleted) await db.SortedSetRemoveAsync(_keys.Failed, id);
                trimmed++;
            }
            excess -= oldest.Length;
        }
        if (trimmed > 0) LogTrimmed(trimmed, kept);
        return trimmed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved the {Count} oldest failed Hangfire job(s) to Deleted, keeping the newest {Kept}")]
    private partial void LogTrimmed(int count, int kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not trim Hangfire's failed jobs ({Reason}); the next sweep tries again")]
    private partial void LogTrimFailed(string reason);
}
