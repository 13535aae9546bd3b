using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Sleeps until the earliest due instant in the index (or until a client signals a change), claims what is due and
/// fires it. Claims are atomic in Redis, so any number of beats can run this loop side by side.
/// </summary>
internal sealed partial class FiringLoop(
    ScheduleStore store,
    RedisKeys keys,
    IConnectionMultiplexer redis,
    OccurrenceFirer firer,
    DueRoundFirer due,
    Triggers.TriggerFirer triggers,
    Requests.RunRequestFirer requests,
    IOptions<BeatOptions> options,
    TimeProvider time,
    ILogger<FiringLoop> logger) : BackgroundService
{
    // Completed by a change message; replaced before each round, so a message that arrives mid-round ends the next wait.
    private TaskCompletionSource _wake = NewWake();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await SubscribeAsync();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.FireConcurrency, CancellationToken = stoppingToken };
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = NewWake();
            Volatile.Write(ref _wake, wake);
            try
            {
                var round = await store.ClaimRoundAsync(time.GetUtcNow(), settings.ClaimBatchSize, settings.ClaimLease, RecordsWithClaimUpTo);
                if (round.DueIds.Count > 0 || round.Triggers.Count > 0)
                {
                    // Firing moved these schedules' next instants, so the round's earliest is stale: claim again.
                    await FireAllAsync(round, parallel);
                    continue;
                }
                var wait = round.Earliest is { } due ? due - time.GetUtcNow() : settings.MaxIdleWait;
                if (wait > settings.MaxIdleWait) wait = settings.MaxIdleWait;
                if (wait > TimeSpan.Zero) await WaitAsync(wake.Task, wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever fails here (Redis down, a timeout) must not end the loop: the process would stop firing.
                LogRoundFailed(e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    private async Task FireAllAsync(ClaimedRound round, ParallelOptions parallel)
    {
        if (round.DueIds.Count > 0) await due.FireAsync(round.DueIds, parallel, round.Records, round.ScoresBefore);
        await Parallel.ForEachAsync(round.Triggers, parallel, async (member, _) =>
        {
            Func<string, Task> fire = Triggers.TriggerFirer.IsTrigger(member) ? triggers.FireAsync
                : Requests.RunRequestFirer.IsRequest(member) ? requests.FireAsync : firer.FireTriggerAsync;
            await due.SafelyAsync(member, () => fire(member));
        });
    }

    // A round this small (a steady rate's usual round: one or two occurrences) brings its records with the claim, one wait
    // fewer per fire; a larger one reads them pipelined after it (bench/README.md, fourteenth pass).
    private const int RecordsWithClaimUpTo = 8;

    // Sleeps until the deadline or a change message, without throwing on wake-ups: under load they come per schedule.
    private async Task WaitAsync(Task wake, TimeSpan wait, CancellationToken stoppingToken)
    {
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, time, sleep.Token);
        await Task.WhenAny(wake, delay);
        sleep.Cancel();
        stoppingToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task SubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.ScheduleChanged), (_, _) => Volatile.Read(ref _wake).TrySetResult());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Without the subscription new schedules are still seen within MaxIdleWait.
            LogRedisUnavailable(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable, retrying: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firing round failed (Redis unavailable?), retrying in a second: {Reason}")]
    private partial void LogRoundFailed(string reason);
}
