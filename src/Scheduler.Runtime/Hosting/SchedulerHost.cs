using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Scheduler.Runtime.Hosting;

/// <summary>Runs a component's host and turns start-up failures into one clear line and a non-zero exit code.</summary>
public static class SchedulerHost
{
    public const int ConfigurationError = 2;
    public const int StartupFailure = 1;

    public static async Task<int> RunAsync(string component, Func<IHost> build)
    {
        ReserveThreadPool();
        if (!ProcessPrivacy.Apply() && OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(ProcessPrivacy.AllowVariable) != "1")
            await Console.Error.WriteLineAsync($"{component}: could not mark the process not dumpable (prctl refused): its environment stays readable by its own user");
        return await RunHostAsync(component, build);
    }

    /// <summary>Runs the host, turning a failure into one line on stderr and an exit code.</summary>
    internal static async Task<int> RunHostAsync(string component, Func<IHost> build)
    {
        // A failure once started (while stopping: a Redis call that timed out as the connection closed, say) is not a
        // start-up failure, and an operator reading "cannot start" at a stop would look in the wrong place.
        var failed = "cannot start";
        try
        {
            using var host = build();
            await host.StartAsync();
            failed = "stopped with an error";
            await host.WaitForShutdownAsync();
            // Redis away: a graceful close would wait a client time-out (5 s) for the replies to its QUITs.
            if (host.Services.GetService(typeof(StackExchange.Redis.IConnectionMultiplexer)) is StackExchange.Redis.IConnectionMultiplexer { IsConnected: false } redis)
                await redis.CloseAsync(allowCommandsToComplete: false);
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            return 0;
        }
        catch (Exception e) when (ConfigurationFailures(e) is { } failures)
        {
            await Console.Error.WriteLineAsync($"{component}: invalid configuration: {failures}");
            return ConfigurationError;
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync($"{component}: {e.Message}");
            return StartupFailure;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"{component}: {failed}: {FirstLine(e)}");
            return StartupFailure;
        }
    }

    /// <summary>
    /// Hangfire's storage calls are synchronous and StackExchange.Redis completes them on pool threads; with the default
    /// minimum (one per core) a burst of fires or jobs blocks every pool thread and the replies queue behind them,
    /// ending in Redis timeouts. A higher minimum lets the pool grow at once instead of one thread per half second.
    /// </summary>
    public static void ReserveThreadPool(int minimum = 128)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, minimum), Math.Max(io, minimum));
    }

    /// <summary>
    /// The settings start-up validation refused, joined; null when <paramref name="e"/> is not that. With several options
    /// classes failing, validation throws them gathered in one <see cref="AggregateException"/>, and each is the
    /// operator's to fix, so every one is named, each once.
    /// </summary>
    internal static string? ConfigurationFailures(Exception e) => e switch
    {
        OptionsValidationException one => string.Join("; ", one.Failures),
        AggregateException { InnerExceptions: var all } when all.Count > 0 && all.All(inner => inner is OptionsValidationException) =>
            string.Join("; ", all.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures).Distinct()),
        _ => null,
    };

    private static string FirstLine(Exception e)
    {
        while (e.InnerException is not null && e is AggregateException) e = e.InnerException;
        return e.Message.Split('\n')[0].Trim();
    }
}
