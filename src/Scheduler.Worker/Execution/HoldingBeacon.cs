using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Writes the runs this worker holds (<see cref="HeldRuns"/>) and the Hangfire jobs it fetched and has not settled
/// (<see cref="SchedulerRedisStorage.FetchesHeld"/>) every <see cref="Interval"/>, stamped with this worker's clock: a run
/// in flight on this worker, or a job Processing under it, missing from a newer advertisement is one it no longer holds.
/// </summary>
internal sealed partial class HoldingBeacon(
    ScheduleStore store, HeldRuns held, ProcessIdentity identity, HoldingBeaconSettings settings, TimeProvider time, ILogger<HoldingBeacon> logger,
    JobStorage? storage = null)
    : BackgroundService
{
    // Null with a storage that is not ours: Beat then reads every job this worker started as held.
    private readonly HeldIds? _fetchesHeld = (storage as SchedulerRedisStorage)?.FetchesHeld;

    public static readonly TimeSpan Interval = WorkerHolding.Period;

    /// <summary>
    /// The most job ids one advertisement lists (about 370 KB). Past it (finished jobs piling up while the replicas their
    /// Succeeded states wait for are away) the job list is left out, which Beat reads as every job held.
    /// </summary>
    public const int MostAdvertisedJobs = 10_000;

    private bool _tooManyJobs;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The time is taken before the snapshot: every run claimed before that time and still held is in it.
                var at = time.GetUtcNow();
                // A stop does not wait out a write Redis does not answer (the client's time-out).
                await store.WriteHoldingAsync(identity.Id, at, held.RunIds, JobsToAdvertise(), settings.Ttl).WaitAsync(stoppingToken);
                failing = false;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (!failing) LogFailed(e.Message);
                failing = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            try { await Task.Delay(Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Runtime.Hosting.StopSteps.TryAsync(store.Redis, () => store.ClearHoldingAsync(identity.Id));
    }

    private IReadOnlyCollection<string>? JobsToAdvertise()
    {
        if (_fetchesHeld?.Ids is not { } jobs) return null;
        var listed = Listed(jobs);
        if (listed is null && !_tooManyJobs) LogTooManyJobs(jobs.Count, MostAdvertisedJobs);
        _tooManyJobs = listed is null;
        return listed;
    }

    /// <summary>The job list an advertisement carries: <paramref name="jobs"/>, or none past <see cref="MostAdvertisedJobs"/>.</summary>
    internal static IReadOnlyCollection<string>? Listed(IReadOnlyCollection<string> jobs) => jobs.Count > MostAdvertisedJobs ? null : jobs;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "This worker holds {Count} fetched jobs, more than the {Most} it lists to Beat: until it holds fewer, Beat takes every job this worker started as held")]
    private partial void LogTooManyJobs(int count, int most);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Held runs not advertised: {Reason}")]
    private partial void LogFailed(string reason);
}
