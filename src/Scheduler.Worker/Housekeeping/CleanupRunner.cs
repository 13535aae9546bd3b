using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;

namespace Scheduler.Worker.Housekeeping;

/// <summary>
/// Runs cleanup registrations by themselves: every <see cref="HousekeepingOptions.CheckInterval"/> it reads the
/// registrations due in Redis, claims each due run (exactly one process wins it, see <see cref="CleanupStore.ClaimAsync"/>)
/// and cleans it with the same engine as the <c>cleanup</c> task, within this worker's allowed roots. A worker without
/// allowed roots takes no part, so a registration is never consumed by a worker that would refuse it. Each run, a
/// refused one included, is recorded as the registration's last run and announced on the event stream.
/// </summary>
/// <remarks>
/// A run is claimed before it is cleaned: a worker that dies mid-run loses that one run, and the next comes one
/// interval later (at most once per due run, never twice). Runs missed while no worker ran collapse into one.
/// </remarks>
internal sealed partial class CleanupRunner(
    CleanupStore store, IOptions<HousekeepingOptions> options, ProcessIdentity identity, TimeProvider time, ILogger<CleanupRunner> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunRegistrations) return;
        if (settings.AllowedRoots.Length == 0)
        {
            LogNoRoots(HousekeepingSettings.AllowedRootsKey);
            return;
        }
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(settings.AllowedRoots, stoppingToken);
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) when (e is RedisException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                if (!failing) LogFailed(e.Message);
                failing = true;
            }
            try { await Task.Delay(settings.CheckInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task RunDueAsync(IReadOnlyList<string> roots, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        await store.AddMissingDueAsync(now);
        // Higher priority first among those due together; one removed since this read, or given a new interval, has no
        // due score or a new one, so its claim fails and this look leaves it alone. One changed otherwise is claimed and
        // read again under its hold, so it is cleaned as it is now.
        foreach (var (registration, due) in await store.DueAsync(now, BatchSize))
        {
            stoppingToken.ThrowIfCancellationRequested();
            var id = registration.Id;
            if (!await store.ClaimAsync(registration, due, now)) continue;
            // Another run of it in progress (a cleanup task's, a run asked for now) does this due run's work.
            var hold = await store.HoldRunAsync(id, identity.Id, TimeSpan.Zero, stoppingToken);
            if (hold.HeldBy is not null)
            {
                LogBusy(id, hold.HeldBy);
                continue;
            }
            // The engine is synchronous file I/O; it reports refusals and failed deletions in the result, which is
            // recorded as the registration's last run: a log line alone leaves the operator no trace of a refusal.
            // Not cancelled before it starts: the delegate owns the hold and must release it.
            var result = await Task.Run(() => CleanupEngine.RunHeldAsync(store, hold, id, roots, time.GetUtcNow(), identity.Id, stoppingToken),
                CancellationToken.None);
            if (result is null) continue;
            if (result.Errors.Count > 0) LogRunErrors(id, result.Directory, string.Join("; ", result.Errors));
            else LogRan(id, result.Directory, result.FilesDeleted, result.BytesFreed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup {Id} ran by itself in {Directory}: {Deleted} file(s) deleted, {Bytes} bytes freed")]
    private partial void LogRan(string id, string directory, int deleted, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup {Id} in {Directory} ran with errors: {Errors}")]
    private partial void LogRunErrors(string id, string directory, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup {Id} is due but not run here: {Holder} is in progress and does its work")]
    private partial void LogBusy(string id, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup registrations are not run by this worker: it has no {Key} configured")]
    private partial void LogNoRoots(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Due cleanup registrations not run: {Reason}")]
    private partial void LogFailed(string reason);
}
