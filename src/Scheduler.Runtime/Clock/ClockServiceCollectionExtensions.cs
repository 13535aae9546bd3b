using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Runtime.Clock;

/// <summary>Makes the process's <see cref="TimeProvider"/> follow Redis's clock, so every process sharing a Redis shares one "now".</summary>
public static class ClockServiceCollectionExtensions
{
    /// <summary>
    /// Registers the clock that follows Redis's (unless a <see cref="TimeProvider"/> is registered already, as a test's
    /// fake clock is), its sampling and the heartbeat payload that shows this host's offset.
    /// </summary>
    public static IServiceCollection AddSchedulerClock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClockOptions>()
            .Bind(configuration.GetSection(ClockOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(ClockOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(_ => new RedisClock(HostClock(configuration)));
        services.TryAddSingleton<TimeProvider>(sp => sp.GetRequiredService<RedisClock>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHeartbeatPayload, ClockOffsetPayload>());
        services.AddHostedService<RedisClockSampler>();
        return services;
    }

    // The real clock, unless a test asked for a wrong one (ClockOptions.TestHostShiftVariable).
    private static TimeProvider HostClock(IConfiguration configuration) =>
        long.TryParse(configuration[ClockOptions.TestHostShiftVariable], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) && ms != 0
            ? new ShiftedHostClock(TimeProvider.System, TimeSpan.FromMilliseconds(ms))
            : TimeProvider.System;
}
