using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Fences this worker off while Redis has not taken its heartbeat for <see cref="ExecutionOptions.FenceAfter"/>: the
/// handlers running then are stopped (<see cref="TokenForAttemptAsync"/>) and their runs handed back
/// (<see cref="AttemptFencedException"/>), before Beat can take the silent worker for dead and start those runs elsewhere.
/// A worker cannot tell a partition that cuts only it off from Redis being away for everyone, so it fences itself off in both.
/// </summary>
internal sealed partial class SelfFence : BackgroundService
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly ProcessIdentity _identity;
    private readonly HeartbeatClock _heartbeat;
    private readonly TimeProvider _time;
    private readonly ILogger<SelfFence> _logger;
    private readonly TimeSpan _fenceAfter;
    private readonly Lock _gate = new();
    private CancellationTokenSource _fence = new();
    private bool _fenced;
    private Task _probe = Task.CompletedTask;

    public SelfFence(IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, HeartbeatClock heartbeat, IOptions<ExecutionOptions> options,
        TimeProvider time, ILogger<SelfFence> logger)
    {
        (_redis, _keys, _identity, _heartbeat, _time, _logger) = (redis, keys, identity, heartbeat, time, logger);
        // Settings that fail validation are reported at start, naming them: no fence until then.
        try { _fenceAfter = options.Value.FenceAfter; }
        catch (OptionsValidationException) { }
        // Before any hosted service starts (the host builds them all first): the first heartbeat's wait is already short.
        if (Enabled) heartbeat.AtMost(HeartbeatFor(_fenceAfter));
    }

    /// <summary>Whether fencing is on (<see cref="ExecutionOptions.FenceAfter"/> above zero).</summary>
    public bool Enabled => _fenceAfter > TimeSpan.Zero;

    /// <summary>How long Redis has not taken the heartbeat.</summary>
    public TimeSpan SilentFor => _heartbeat.SinceLastWritten;

    /// <summary>How often the heartbeat is written with fencing on: four times within <see cref="ExecutionOptions.FenceAfter"/>, 5 s at most.</summary>
    public static TimeSpan HeartbeatFor(TimeSpan fenceAfter) => fenceAfter / 4;

    /// <summary>
    /// The token that fires when this worker fences itself off, for a handler about to start. While the worker is fenced
    /// (its claim made just before the heartbeat's next write) the heartbeat is written first: the attempt starts on the
    /// fence lifted, or, Redis still away, is handed back without starting.
    /// </summary>
    public async ValueTask<CancellationToken> TokenForAttemptAsync()
    {
        if (!Enabled) return CancellationToken.None;
        lock (_gate)
        {
            if (!_fenced) return _fence.Token;
        }
        await WriteHeartbeatAsync();
        Judge();
        lock (_gate) return _fence.Token;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var silent = Judge();
            // Two heartbeats missed (a payload's write failed, the loop stalled): one written from here, not awaited.
            if (silent >= _fenceAfter / 2 && _probe.IsCompleted) _probe = WriteHeartbeatAsync();
            // Woken at the fence's time itself, and at least every eighth of it.
            var wait = _fenceAfter - silent;
            wait = wait < MinCheck ? MinCheck : wait > _fenceAfter / 8 ? _fenceAfter / 8 : wait;
            try { await Task.Delay(wait, _time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private static readonly TimeSpan MinCheck = TimeSpan.FromMilliseconds(20);

    private async Task WriteHeartbeatAsync()
    {
        try { await Heartbeat.WriteAsync(_redis.GetDatabase(), _keys, _identity, _heartbeat, _time); }
        catch (Exception e) when (Bookkeeping.IsTransient(e) || e is ObjectDisposedException) { }
    }

    private TimeSpan Judge()
    {
        var silent = SilentFor;
        CancellationTokenSource? fired = null;
        lock (_gate)
        {
            if (!_fenced && silent >= _fenceAfter)
            {
                _fenced = true;
                fired = _fence;
            }
            else if (_fenced && silent < _fenceAfter)
            {
                _fenced = false;
                _fence = new CancellationTokenSource();
                LogLifted(silent.TotalSeconds);
            }
        }
        if (fired is null) return silent;
        LogFenced(silent.TotalSeconds, _fenceAfter.TotalSeconds);
        // Outside the lock: the stops registered on the token (handlers' own code among them) run here.
        try { fired.Cancel(); }
        catch (AggregateException e) { LogStopFailed(e.InnerException?.Message ?? e.Message); }
        return silent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis has not taken this worker's heartbeat for {Seconds:0.#} s (Scheduler:Execution:FenceAfter {FenceAfter:0.#} s): "
        + "stopping the attempts running here, whose runs Beat may start elsewhere; they are handed back once Redis answers")]
    private partial void LogFenced(double seconds, double fenceAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis took this worker's heartbeat again ({Seconds:0.#} s ago): attempts run here again")]
    private partial void LogLifted(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A handler's own code failed as the fence stopped it: {Reason}")]
    private partial void LogStopFailed(string reason);
}
