using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Hosting;

namespace Scheduler.UnitTests.Hosting;

/// <summary>
/// The host's stop outlasts the worker's: Hangfire's threads get Scheduler:Worker:ShutdownTimeout, then finishing runs are
/// drained and deferred completions applied, so the host's own shutdown timeout is raised to cover both (the defaults,
/// 15 s and the host's 30 s, already do); a longer one the app set is kept.
/// </summary>
public sealed class WorkerShutdownWindowTests
{
    private static TimeSpan HostShutdownTimeout(Dictionary<string, string?> settings, Action<HostOptions>? app = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (app is not null) services.Configure(app);
        services.AddSchedulerWorker(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }

    [Theory]
    [InlineData(null, 15)]
    [InlineData("00:00:40", 40)]
    [InlineData("00:10:00", 600)]
    public void The_hosts_shutdown_timeout_covers_the_workers_and_the_drain_after_it(string? workerTimeout, int workerSeconds)
    {
        var settings = new Dictionary<string, string?>();
        if (workerTimeout is not null) settings["Scheduler:Worker:ShutdownTimeout"] = workerTimeout;

        Assert.Equal(TimeSpan.FromSeconds(workerSeconds) + HangfireWorkerServer.AfterThreadsStop, HostShutdownTimeout(settings));
    }

    [Fact]
    public void A_longer_host_timeout_the_app_set_is_kept()
    {
        Assert.Equal(TimeSpan.FromHours(2), HostShutdownTimeout([], host => host.ShutdownTimeout = TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_worker_timeout_out_of_range_leaves_the_host_alone_for_the_start_up_check_to_name()
    {
        Assert.Equal(TimeSpan.FromSeconds(10),
            HostShutdownTimeout(new() { ["Scheduler:Worker:ShutdownTimeout"] = "05:00:00" }, host => host.ShutdownTimeout = TimeSpan.FromSeconds(10)));
    }
}
