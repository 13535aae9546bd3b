using Hangfire;
using Hangfire.Common;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;
using Scheduler.Runtime.Clock;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Runtime.Redis;

/// <summary>Registers the Redis connection, Scheduler's store and Hangfire's storage.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Adds what every component shares of Redis: its options (checked at start), the connection, Scheduler's store,
    /// Hangfire's storage, the start-up check of Redis and the clock read from it.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">Read for <c>Scheduler:Redis</c> and <c>SCHEDULER_REDIS</c>.</param>
    /// <param name="waitsForReplicas">
    /// Whether the component's own writes wait for replicas under <c>Scheduler:Redis:ReplicaAcknowledgement</c>, so that the
    /// start-up check requires <c>WAIT</c>; false for Beat, which never waits.
    /// </param>
    public static IServiceCollection AddSchedulerRedis(this IServiceCollection services, IConfiguration configuration, bool waitsForReplicas = true)
    {
        if (waitsForReplicas) services.TryAddSingleton<ReplicaWaitingComponent>();
        services.AddOptions<SchedulerRedisOptions>()
            .Bind(configuration.GetSection(SchedulerRedisOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(SchedulerRedisOptions.Section))
            .PostConfigure(options =>
            {
                if (configuration[SchedulerRedisOptions.EnvironmentVariable] is { Length: > 0 } fromEnv) options.ConnectionString = fromEnv;
                if (configuration[SchedulerRedisOptions.TlsCaEnvironmentVariable] is { Length: > 0 } ca) options.TlsCaCertificate = ca;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerRedisOptions>, SchedulerRedisOptionsValidator>());
        services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value));
        services.TryAddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value.KeyPrefix));
        services.TryAddSingleton<RedisHealth>();
        services.TryAddSingleton(sp => new ScheduleStore(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisKeys>(),
            sp.GetRequiredService<TimeProvider>()) { Acknowledgement = sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value.ReplicaAcknowledgement });
        services.TryAddSingleton<EventStream>();
        services.TryAddSingleton<Storage.OperatorReads>();
        services.TryAddSingleton<JobStorage>(sp => CreateHangfireStorage(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()?.CreateLogger(typeof(SchedulerRedisStorage).FullName!)));
        services.AddHostedService<RedisStartupCheck>();
        // After the start-up check (hosted services start in order): Redis answers before its clock is first read, and
        // the clock is read before the Beat's and worker's services start judging what is due.
        services.AddSchedulerClock(configuration);
        return services;
    }

    // time: the clock a fetch is dated by (Redis's in a process), the one the Beat's stranded-fetch sweep judges it by.
    internal static RedisStorage CreateHangfireStorage(IConnectionMultiplexer redis, SchedulerRedisOptions options, TimeProvider? time = null,
        Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        // Jobs name their types without version, culture and key ("Ns.Type, Assembly"; core types bare), as Hangfire
        // recommends: a job hash less than half the size to write once and read twice per run, and jobs that survive
        // an upgrade of the assemblies. Reading accepts both forms, so jobs written before this keep working.
        TypeHelper.CurrentTypeSerializer = TypeHelper.SimpleAssemblyTypeSerializer;
        return new SchedulerRedisStorage(redis, new RedisStorageOptions
        {
            Prefix = options.HangfirePrefix,
            FetchTimeout = options.FetchTimeout,
            // Hangfire reads its own Db, not the multiplexer's default: without this a /db in the URL or
            // defaultDatabase= would split Scheduler's keys and Hangfire's across two databases.
            Db = redis.GetDatabase().Database,
        }, time ?? TimeProvider.System, logger);
    }

    internal static IConnectionMultiplexer Connect(SchedulerRedisOptions options)
    {
        var config = RedisConnection.Parse(options.ConnectionString, options.TlsCaCertificate);
        // Processes must outlive a Redis restart or a Sentinel failover: never give up on the connection, keep
        // retrying in the background (RedisStartupCheck decides whether start-up waited long enough).
        config.AbortOnConnectFail = false;
        RedisConnection.ClampConnectTimeout(config);
        return ConnectionMultiplexer.Connect(config);
    }
}
