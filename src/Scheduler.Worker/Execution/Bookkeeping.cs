using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The worker's own Redis writes on a run's path (claim, outcome, hand-back), repeated with capped backoff until Redis
/// answers or <see cref="ExecutionOptions.OutcomeWriteTimeout"/> passes. A restart, failover or stall of Redis then
/// only delays them: the work a handler did is never thrown away because Redis was briefly away. Every write given here
/// must be safe to repeat (the first may have landed without its reply arriving): the ledger scripts take a token for that.
/// </summary>
internal sealed partial class Bookkeeping(IOptions<ExecutionOptions> options, TimeProvider time, ILogger<Bookkeeping> logger)
{
    /// <summary>Runs <paramref name="write"/> until it succeeds; throws <see cref="BookkeepingUnavailableException"/> after the bound.</summary>
    public async Task<T> WriteAsync<T>(string what, Func<Task<T>> write, CancellationToken cancellationToken = default, TimeSpan? bound = null)
    {
        var giveUpAt = time.GetUtcNow() + (bound ?? options.Value.OutcomeWriteTimeout);
        for (var failures = 0; ; failures++)
        {
            try
            {
                // A bound given by the caller bounds the tries too: one try waits for the client's time-out (5 s) when Redis
                // is away, so a 5 s bound became 10 s or more (a stopping worker's hand-backs during an outage).
                var result = bound is null ? await write() : await write().WaitAsync(Remaining(giveUpAt), time);
                if (failures > 0) LogWritten(what, failures);
                return result;
            }
            catch (Exception e) when (IsTransient(e))
            {
                var delay = BookkeepingBackoff.Delay(failures, Random.Shared.NextDouble());
                if (time.GetUtcNow() + delay > giveUpAt)
                {
                    LogGaveUp(what, failures + 1, e.Message);
                    throw new BookkeepingUnavailableException($"{what}: Redis did not answer for {bound ?? options.Value.OutcomeWriteTimeout} ({e.Message})", e);
                }
                if (failures == 0)
                {
                    if (e is Contracts.Client.ReplicaAcknowledgementException) LogAwaitingReplicas(what, e.Message);
                    else LogWaiting(what, e.Message);
                }
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    public Task WriteAsync(string what, Func<Task> write, CancellationToken cancellationToken = default, TimeSpan? bound = null) =>
        WriteAsync(what, async () => { await write(); return true; }, cancellationToken, bound);

    private TimeSpan Remaining(DateTimeOffset giveUpAt) => giveUpAt - time.GetUtcNow() is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    /// <summary>Like <see cref="WriteAsync{T}"/> but gives up silently (logged): for writes nothing depends on.</summary>
    public async Task TryWriteAsync(string what, Func<Task> write, TimeSpan bound, CancellationToken cancellationToken = default)
    {
        try { await WriteAsync(what, write, cancellationToken, bound); }
        catch (BookkeepingUnavailableException) { }
    }

    /// <summary>Redis is away or not accepting writes yet (<see cref="Runtime.Redis.TransientRedisFailure"/>); a script error is a bug and is not repeated.</summary>
    internal static bool IsTransient(Exception e) => Runtime.Redis.TransientRedisFailure.Is(e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: Redis is not answering ({Reason}); kept in memory and retried")]
    private partial void LogWaiting(string what, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: written on the primary, not yet held by the replicas asked for ({Reason}); retried until they hold it")]
    private partial void LogAwaitingReplicas(string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What}: written after {Failures} failed tries")]
    private partial void LogWritten(string what, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What}: given up after {Tries} tries: {Reason}")]
    private partial void LogGaveUp(string what, int tries, string reason);
}
