using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Runtime.Hosting;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Fences this worker off while Redis has not taken its heartbeat for <see cref="ExecutionOptions.FenceAfter"/>: the
/// handlers running then are stopped (<see cref="TokenForAttemptAsync"/>) and their runs handed back
/// (<see cref="AttemptFencedException"/>), before Beat can take the silent worker for dead and start those runs elsewhere.
/// A worker cannot tell a partition that cuts only it off from Redis being away for everyone, so it fences itself off in both.
/// </summary>
internal sealed partial class SelfFence(
    IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, HeartbeatClock heartbeat, IOptions<ExecutionOptions> options,
    TimeProvider time, ILogger<SelfFence> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _fence = new();
    private bool _fenced;

    /// <summary>Whether fencing is on (<see cref="ExecutionOptions.FenceAfter"/> above zero).</summary>
    public bool Enabled => options.Value.FenceAfter > TimeSpan.Zero;

    /// <summary>How long Redis has not taken the heartbeat.</summary>
    public TimeSpan SilentFor => time.GetUtcNow() - heartbeat.LastWritten;

    /// <summary>How often the heartbeat is written with fencing on: four times within <see cref="ExecutionOptions.FenceAfter"/>, 5 s at most.</summary>
    public static TimeSpan HeartbeatFor(TimeSpan fenceAfter) => fenceAfter / 4;

    /// <summary>
    /// The token that fires when this worker fences itself off, for a handler about to start. While the worker is fenced
    /// (its claim made just before the heartbeat's next write) the heartbeat is written first: the attempt starts on the
    /// fence lifted, or, Redis still away, is stopped at once and handed back.
    /// </summary>
    public async ValueTask<CancellationToken> TokenForAttemptAsync()
    {
        if (!Enabled) return CancellationToken.None;
        lock (_gate)
        {
            if (!_fenced) return _fence.Token;
        }
        try { await Heartbeat.WriteAsync(redis.GetDatabase(), keys, identity, heartbeat, time); }
        catch (Exception e) when (Bookkeeping.IsTransient(e)) { }
        Judge();
        lock (_gate) return _fence.Token;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        heartbeat.AtMost(HeartbeatFor(options.Value.FenceAfter));
        while (!stoppingToken.IsCancellationRequested)
        {
            Judge();
            try { await Task.Delay(options.Value.FenceAfter / 8, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private void Judge()
    {
        var silent = SilentFor;
        var fenceAfter = options.Value.FenceAfter;
        lock (_gate)
        {
            if (!_fenced && silent >= fenceAfter)
            {
                _fenced = true;
                LogFenced(silent.TotalSeconds, fenceAfter.TotalSeconds);
                _fence.Cancel();
            }
            else if (_fenced && silent < fenceAfter)
            {
                _fenced = false;
                LogLifted(silent.TotalSeconds);
                _fence = new CancellationTokenSource();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis has not taken this worker's heartbeat for {Seconds:0.#} s (Scheduler:Execution:FenceAfter {FenceAfter:0.#} s): "
        + "stopping the attempts running here, whose runs Beat may start elsewhere; they are handed back once Redis answers")]
    private partial void LogFenced(double seconds, double fenceAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis took this worker's heartbeat again ({Seconds:0.#} s ago): attempts run here again")]
    private partial void LogLifted(double seconds);
}
