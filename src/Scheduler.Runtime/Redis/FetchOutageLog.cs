using Microsoft.Extensions.Logging;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// What a storage's fetches say while Redis is away: they look again every <see cref="SchedulerRedisConnection.OutagePause"/>
/// without throwing (so Hangfire logs nothing), and an outage that lasts (a READONLY endpoint, a wrong password after a
/// rotation) must not go unseen. One warning when the first fetch fails, one every <see cref="Repeat"/> while they go on
/// failing, and one line when a fetch is answered again; not one per thread and pause.
/// </summary>
internal sealed partial class FetchOutageLog(ILogger logger, TimeProvider time)
{
    /// <summary>How often a lasting outage is logged again.</summary>
    internal static readonly TimeSpan Repeat = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    // Ticks of the failure that began the outage; 0 while fetches are answered (the hot path reads only this).
    private long _since;
    private DateTimeOffset _loggedAt;
    private int _failures;

    public void Failed(Exception e)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _failures++;
            if (_since == 0)
            {
                Volatile.Write(ref _since, now.UtcTicks);
                _loggedAt = now;
                LogFetchFailing(Short(e.Message), SchedulerRedisConnection.OutagePause.TotalSeconds);
            }
            else if (now - _loggedAt >= Repeat)
            {
                _loggedAt = now;
                LogFetchStillFailing((now - new DateTimeOffset(_since, TimeSpan.Zero)).TotalSeconds, _failures, Short(e.Message));
            }
        }
    }

    public void Answered()
    {
        if (Volatile.Read(ref _since) == 0) return;
        lock (_gate)
        {
            if (_since == 0) return;
            LogFetchAnswered((time.GetUtcNow() - new DateTimeOffset(_since, TimeSpan.Zero)).TotalSeconds, _failures);
            Volatile.Write(ref _since, 0);
            _failures = 0;
        }
    }

    // The client's time-out messages run to 1,500 characters of counters; what failed comes first.
    private static string Short(string reason) => reason.Length <= 200 ? reason : $"{reason[..200]}…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching jobs: Redis did not answer ({Reason}); the worker threads look again every {PauseSeconds} s")]
    private partial void LogFetchFailing(string reason, double pauseSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching jobs: Redis has not answered for {Seconds:0} s ({Failures} failed looks; last: {Reason})")]
    private partial void LogFetchStillFailing(double seconds, int failures, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching jobs again: Redis answered after {Seconds:0.0} s ({Failures} failed looks)")]
    private partial void LogFetchAnswered(double seconds, int failures);
}
