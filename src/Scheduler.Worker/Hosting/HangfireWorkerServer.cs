using Hangfire;
using Hangfire.Server;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;

namespace Scheduler.Worker.Hosting;

/// <summary>
/// Hangfire workers only: Beat owns scheduling, so this server runs no delayed or recurring schedulers. Its filters are
/// Hangfire's process-wide providers (<see cref="JobFilterProviders.Providers"/>), or the <see cref="IJobFilterProvider"/>
/// the host registered for this worker alone.
/// </summary>
internal sealed class HangfireWorkerServer(JobStorage storage, JobActivator activator, IOptions<WorkerOptions> options, ProcessIdentity identity, Scheduler.Contracts.Storage.ScheduleStore store,
    HeldRuns held, TimeProvider time, Microsoft.Extensions.Logging.ILogger<CompletionBatcher> batcherLogger, IJobFilterProvider? filterProvider = null)
    : IHostedService, IDisposable
{
    // At most this many finished jobs wait for their Succeeded state before a batch goes, whatever is still starting.
    private const int MostWaitingCompletions = 1000;

    private BackgroundProcessingServer? _server;
    private CompletionBatcher? _completions;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var filters = CancelledRunFilter.AddTo(filterProvider ?? JobFilterProviders.Providers, time);
        // Every queue's low-priority lane after the queues (Hangfire tries the queues in this order on each fetch).
        var queues = Scheduler.Contracts.Flow.FlowQueues.Expand(settings.Queues);
        IBackgroundJobStateChanger stateChanger = new BackgroundJobStateChanger(filters);
        (storage as Scheduler.Runtime.Redis.SchedulerRedisStorage)?.Prefetches.Open();
        if (settings.BatchCompletions && storage is Scheduler.Runtime.Redis.SchedulerRedisStorage ours)
        {
            var deferred = ours.DeferCompletionsTo(new Scheduler.Runtime.Redis.DeferredCompletions(settings.CompletionDelay, MostWaitingCompletions));
            stateChanger = new DeferringStateChanger(stateChanger, deferred);
            _completions = new CompletionBatcher(ours, deferred, filters, batcherLogger, store);
            _completions.Start();
        }
        var worker = new Hangfire.Server.Worker(queues, new BackgroundJobPerformer(filters, activator), stateChanger);
        _server = new BackgroundProcessingServer(storage, [worker.UseBackgroundPool(settings.WorkerCount)],
            new Dictionary<string, object> { ["Queues"] = queues, ["WorkerCount"] = settings.WorkerCount },
            new BackgroundProcessingServerOptions
            {
                ServerName = identity.Id,
                ShutdownTimeout = settings.ShutdownTimeout,
                StopTimeout = settings.ShutdownTimeout,
                CancellationCheckInterval = TimeSpan.FromSeconds(1),
                // A dead worker leaves Hangfire's server list (and its fetched jobs become re-queueable) within 30 s.
                HeartbeatInterval = TimeSpan.FromSeconds(5),
                ServerCheckInterval = TimeSpan.FromSeconds(10),
                ServerTimeout = TimeSpan.FromSeconds(30),
            });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        // A job that ends while the threads stop is completed by its thread; the ones deferred already, below.
        _completions?.Stopping();
        _server.SendStop();
        bool threadsEnded;
        try
        {
            await _server.WaitForShutdownAsync(cancellationToken);
            threadsEnded = true;
        }
        // The host gave up waiting (its own timeout, set above the worker's: AddSchedulerWorker). The steps below that are
        // bounded still run; the runs still on Hangfire's threads stay in flight, for Beat's watchdog once this process is gone.
        catch (OperationCanceledException) { threadsEnded = false; }
        // Its workers fetch no more: a job one of them fetched ahead goes back to its queue now, not after the hold, and
        // a job body that outlives the stop fetches nothing ahead with its outcome.
        var prefetches = (storage as Scheduler.Runtime.Redis.SchedulerRedisStorage)?.Prefetches;
        prefetches?.Close();
        // Its finished jobs' Succeeded states, deferred, are applied before the process leaves.
        if (_completions is not null) await _completions.StopAsync(cancellationToken);
        if (!threadsEnded)
        {
            prefetches?.HandBackAll();
            return;
        }
        await DrainAsync(cancellationToken);
        // One sent by a write that raced the close goes back too.
        prefetches?.HandBackAll();
        // Hangfire has handed unfinished jobs back to their queues; without this Beat would count them as lost.
        await Scheduler.Runtime.Hosting.StopSteps.TryAsync(store.Redis, () => store.LeaveAllRunsAsync(identity.Id));
    }

    // Hangfire stops waiting for its workers once ShutdownTimeout is up, when it also fires the jobs' tokens; the
    // process would then end under a job body that is finishing: its work done (a command ended, a webhook answered),
    // its outcome or hand-back not yet written, so the run would be run again (seen in the fault soak under load). A
    // run is held until that write: wait for the held runs, bounded, before leaving what is left.
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + DrainLimit;
        while (!held.IsEmpty && time.GetUtcNow() < until)
        {
            try { await Task.Delay(DrainPoll, time, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    /// <summary>What the stop needs once Hangfire's threads have ended: the deferred completions, the drain of finishing runs, the leave.</summary>
    internal static readonly TimeSpan AfterThreadsStop = DrainLimit + TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(50);

    public void Dispose()
    {
        _completions?.Dispose();
        _server?.Dispose();
    }
}
