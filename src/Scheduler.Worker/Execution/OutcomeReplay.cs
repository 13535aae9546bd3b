using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Writes again, once Redis is back, the outcomes this worker wrote in the moments before its connection failed. Redis
/// acknowledges a write before it reaches disk (AOF <c>everysec</c>): killed, it can come back without the last second
/// or so, and a rolled-back outcome would leave its run in flight for Beat to re-queue, or let a re-delivery run it a
/// second time. Every outcome write carries a write id, so writing one that survived changes nothing.
/// </summary>
internal sealed partial class OutcomeReplay
{
    /// <summary>
    /// How far before a connection failure a write may have been lost: Redis's fsync window is about 1–2 s, but a
    /// killed primary restarted empty, or one demoted by a planned Sentinel failover, takes writes for 7–11 s before
    /// its resync wipes them (../shared/NOTES.md).
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    private readonly Bookkeeping _bookkeeping;
    private readonly TimeProvider _time;
    private readonly ILogger<OutcomeReplay> _logger;
    private readonly Lock _gate = new();
    private readonly LinkedList<(DateTimeOffset At, string What, Func<Task> Write)> _recent = new();
    private DateTimeOffset? _failedAt;

    public OutcomeReplay(IConnectionMultiplexer redis, Bookkeeping bookkeeping, TimeProvider time, ILogger<OutcomeReplay> logger)
    {
        (_bookkeeping, _time, _logger) = (bookkeeping, time, logger);
        redis.ConnectionFailed += (_, e) => { if (e.ConnectionType == ConnectionType.Interactive) Failed(); };
        redis.ConnectionRestored += (_, e) => { if (e.ConnectionType == ConnectionType.Interactive) _ = ReplayAsync(); };
    }

    /// <summary>Remembers a write that Redis acknowledged just now (it must be safe to repeat).</summary>
    public void Written(string what, Func<Task> write)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _recent.AddLast((now, what, write));
            while (_recent.First is { } first && now - first.Value.At > Window && _failedAt is null) _recent.RemoveFirst();
        }
    }

    private void Failed()
    {
        lock (_gate) _failedAt ??= _time.GetUtcNow();
    }

    /// <summary>Repeats the writes acknowledged within <see cref="Window"/> before the failure; returns how many.</summary>
    internal async Task<int> ReplayAsync()
    {
        List<(DateTimeOffset At, string What, Func<Task> Write)> writes;
        lock (_gate)
        {
            var failedAt = _failedAt ?? _time.GetUtcNow();
            _failedAt = null;
            writes = [.. _recent.Where(w => w.At >= failedAt - Window)];
            // Kept, not cleared: the node this replay reached may itself be about to be wiped (a restarted primary
            // Sentinel then demotes), and the next reconnect must write them again. They age out as any write does.
        }
        foreach (var (_, what, write) in writes)
        {
            try { await _bookkeeping.WriteAsync($"{what} (again, after Redis came back)", write); }
            catch (BookkeepingUnavailableException) { }
        }
        if (writes.Count > 0) LogReplayed(writes.Count);
        return writes.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis came back: {Count} outcome(s) written just before it went away written again (a restart may have rolled them back)")]
    private partial void LogReplayed(int count);
}
