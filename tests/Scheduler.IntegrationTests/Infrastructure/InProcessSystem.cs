using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Beat.Hosting;
using Scheduler.Worker.Hosting;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>Beat and worker hosts running inside the test process against the test's Redis slice.</summary>
public sealed class InProcessSystem : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    public static async Task<InProcessSystem> StartAsync(RedisTestContext redis, int beats = 1, int workers = 1,
        IDictionary<string, string?>? settings = null, Action<SchedulerWorkerBuilder>? configureWorker = null)
    {
        var system = new InProcessSystem();
        for (var i = 0; i < beats; i++)
            system._hosts.Add(Build(redis, settings, b => b.Services.AddSchedulerBeat(b.Configuration)));
        for (var i = 0; i < workers; i++)
            system._hosts.Add(Build(redis, settings, b =>
            {
                var worker = b.Services.AddSchedulerWorker(b.Configuration);
                configureWorker?.Invoke(worker);
            }));
        foreach (var host in system._hosts) await host.StartAsync();
        return system;
    }

    /// <summary>
    /// Runs a beat alone until it has fired the one due occurrence into Hangfire queue <paramref name="queue"/>, where no
    /// worker takes it; returns the job id.
    /// </summary>
    public static async Task<string> FireIntoQueueAsync(RedisTestContext redis, string queue = "default", IDictionary<string, string?>? settings = null)
    {
        var db = redis.Redis.GetDatabase();
        var key = new HangfireKeys(redis.HangfirePrefix).Queue(queue);
        await using (await StartAsync(redis, beats: 1, workers: 0, settings))
            await Eventually.WaitAsync(() => db.ListLengthAsync(key), n => n == 1, TimeSpan.FromSeconds(20), $"the fired job in queue {queue}");
        return (string)(await db.ListGetByIndexAsync(key, 0))!;
    }

    /// <summary>A beat host that is built but not started, so a test can call its services (e.g. one sweep) directly.</summary>
    public static IHost BuildBeat(RedisTestContext redis, IDictionary<string, string?>? settings = null) =>
        Build(redis, settings, b => b.Services.AddSchedulerBeat(b.Configuration));

    /// <summary>A worker host that is built but not started, so a test can call its services directly.</summary>
    /// <param name="services">Registrations made before the worker's own (a test's <see cref="TimeProvider"/>, say).</param>
    public static IHost BuildWorker(RedisTestContext redis, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        Build(redis, settings, b =>
        {
            services?.Invoke(b.Services);
            b.Services.AddSchedulerWorker(b.Configuration);
        });

    private static IHost Build(RedisTestContext redis, IDictionary<string, string?>? settings, Action<IHostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(redis.Settings());
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await host.StopAsync(timeout.Token); }
            catch (OperationCanceledException) { }
            host.Dispose();
        }
    }
}
