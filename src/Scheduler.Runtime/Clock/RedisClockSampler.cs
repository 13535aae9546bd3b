using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Clock;

/// <summary>
/// Keeps <see cref="RedisClock"/> on Redis's time: reads it at start, before the services that judge "due" begin (a Beat
/// must not claim with its host's time), then every <see cref="ClockOptions.SampleInterval"/>. Each reading takes a few
/// <c>TIME</c> round trips and keeps the shortest's measurement. While Redis cannot be reached the last offset stays.
/// </summary>
internal sealed partial class RedisClockSampler(IConnectionMultiplexer redis, RedisClock clock, IOptions<ClockOptions> options,
    ILogger<RedisClockSampler> logger) : BackgroundService
{
    // Until a first reading succeeded, tried again this soon rather than after the whole interval.
    private static readonly TimeSpan FirstReadingRetry = TimeSpan.FromSeconds(1);

    private readonly ClockSkewReport _report = new(options.Value.WarnAbove);
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // RedisStartupCheck, registered before, has waited for Redis: one reading now, before the Beat's loop claims.
        await ReadAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(clock.Measured ? options.Value.SampleInterval : FirstReadingRetry, clock.Host, stoppingToken); }
            catch (OperationCanceledException) { break; }
            // A stop does not wait out a reading Redis does not answer (the client's time-out).
            try { await ReadAsync().WaitAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
        }
    }

    /// <summary>One reading: the best of a few samples, followed, and reported if the host's clock is off.</summary>
    internal async Task ReadAsync()
    {
        var samples = new List<ClockSample>();
        for (var i = 0; i < options.Value.SamplesPerReading; i++)
        {
            try { samples.Add(await ClockSample.TakeAsync(redis.GetDatabase(), clock.Host)); }
            catch (Exception e) when (e is RedisException or TimeoutException or InvalidCastException or FormatException)
            {
                if (!_failing) LogNotRead(e.Message, clock.Offset.TotalMilliseconds);
                _failing = true;
                break;
            }
        }
        if (ClockSample.Best(samples) is not { } best) return;
        _failing = false;
        clock.Follow(best);
        switch (_report.Judge(best.Offset))
        {
            case ClockSkewReport.Verdict.Off:
                LogHostClockOff(ClockOffsets.Describe(-best.Offset), best.SentAt + best.RoundTrip, best.RedisTime, best.RoundTrip.TotalMilliseconds);
                break;
            case ClockSkewReport.Verdict.BackInStep:
                LogHostClockBack(ClockOffsets.Describe(-best.Offset));
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This host's clock is {Skew} (host {HostTime:O}, Redis {RedisTime:O}, measured over a {RoundTripMs:0.###} ms round trip): this process goes by Redis's clock, but synchronise the host's (NTP)")]
    private partial void LogHostClockOff(string skew, DateTimeOffset hostTime, DateTimeOffset redisTime, double roundTripMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "This host's clock is back in step with Redis's ({Skew})")]
    private partial void LogHostClockBack(string skew);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis's clock not read ({Reason}); going on with the last offset measured, {OffsetMs:0.#} ms")]
    private partial void LogNotRead(string reason, double offsetMs);
}
