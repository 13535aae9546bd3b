using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Runtime.Hosting;

namespace Scheduler.UnitTests.Hosting;

/// <summary>
/// A component's failure is one line on stderr and exit code 1, saying whether it could not start or failed while
/// stopping (a worker stopping during a Redis outage printed "cannot start").
/// </summary>
public sealed class SchedulerHostFailureTests
{
    private sealed class Failing(bool atStart) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => atStart ? throw new InvalidOperationException("refused at start") : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("timed out while stopping");
    }

    private static async Task<(int Code, string Said)> RunAsync(bool failAtStart)
    {
        // Console.Error is the process's: other tests may write to it meanwhile, so the writer is a synchronized one.
        var said = new StringWriter();
        var before = Console.Error;
        Console.SetError(TextWriter.Synchronized(said));
        try
        {
            var code = await SchedulerHost.RunHostAsync("worker", () =>
            {
                var builder = Host.CreateApplicationBuilder();
                builder.Services.AddHostedService(_ => new Failing(failAtStart));
                var host = builder.Build();
                if (!failAtStart) host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
                    host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication());
                return host;
            });
            return (code, said.ToString());
        }
        finally { Console.SetError(before); }
    }

    [Fact]
    public async Task A_failure_at_start_says_cannot_start()
    {
        var (code, said) = await RunAsync(failAtStart: true);
        Assert.Equal(SchedulerHost.StartupFailure, code);
        Assert.Contains("worker: cannot start: refused at start", said);
    }

    [Fact]
    public async Task A_failure_while_stopping_says_so_and_not_cannot_start()
    {
        var (code, said) = await RunAsync(failAtStart: false);
        Assert.Equal(SchedulerHost.StartupFailure, code);
        Assert.Contains("worker: stopped with an error: timed out while stopping", said);
        Assert.DoesNotContain("cannot start", said);
    }
}
