using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Firing;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Beat.Hosting;

/// <summary>
/// Runs Hangfire's own delayed and recurring job schedulers (no workers), so jobs created directly through Hangfire
/// and Hangfire's scheduled states still move. Scheduler's occurrences are fired by <see cref="FiringLoop"/>.
/// </summary>
internal sealed class HangfireSchedulers(JobStorage storage, IOptions<BeatOptions> options, ProcessIdentity identity) : IHostedService, IDisposable
{
    private BackgroundProcessingServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IBackgroundProcess[] processes =
        [
            new DelayedJobScheduler(options.Value.HangfireSchedulePollingInterval),
            new RecurringJobScheduler(),
        ];
        _server = new BackgroundProcessingServer(storage, processes, new Dictionary<string, object>
        {
            ["Queues"] = Array.Empty<string>(), ["WorkerCount"] = 0,
        }, new BackgroundProcessingServerOptions { ServerName = identity.Id });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        _server.SendStop();
        await _server.WaitForShutdownAsync(cancellationToken);
    }

    public void Dispose() => _server?.Dispose();
}
