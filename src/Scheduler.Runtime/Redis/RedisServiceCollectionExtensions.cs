using Hangfire;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>Registers the Redis connection, Scheduler's store and Hangfire's storage.</summary>
public static class RedisServiceCollectionExtensions
{
    public static IServiceCollection AddSchedulerRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerRedisOptions>()
            .Bind(configuration.GetSection(SchedulerRedisOptions.Section))
            .PostConfigure(options =>
            {
                if (configuration[SchedulerRedisOptions.EnvironmentVariable] is { Length: > 0 } fromEnv) options.ConnectionString = fromEnv;
            })
            .ValidateDataAnnotations()
            .Validate(o => TryParse(o.ConnectionString), "Scheduler:Redis:ConnectionString is not a valid Redis connection string; expected e.g. \"localhost:6379\"")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value));
        services.TryAddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value.KeyPrefix));
        services.TryAddSingleton<ScheduleStore>();
        services.TryAddSingleton<EventStream>();
        services.TryAddSingleton<JobStorage>(sp => CreateHangfireStorage(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value));
        services.AddHostedService<RedisStartupCheck>();
        return services;
    }

    internal static RedisStorage CreateHangfireStorage(IConnectionMultiplexer redis, SchedulerRedisOptions options) =>
        new(redis, new RedisStorageOptions
        {
            Prefix = options.HangfirePrefix,
            InvisibilityTimeout = options.InvisibilityTimeout,
            FetchTimeout = options.FetchTimeout,
        });

    internal static IConnectionMultiplexer Connect(SchedulerRedisOptions options)
    {
        var config = ConfigurationOptions.Parse(options.ConnectionString);
        // Processes must outlive a Redis restart: never give up on the connection, keep retrying in the background.
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = Math.Min(config.ConnectTimeout, 5000);
        return ConnectionMultiplexer.Connect(config);
    }

    private static bool TryParse(string connection)
    {
        try { return ConfigurationOptions.Parse(connection).EndPoints.Count > 0; }
        catch (Exception e) when (e is ArgumentException or RedisConnectionException or FormatException) { return false; }
    }
}
