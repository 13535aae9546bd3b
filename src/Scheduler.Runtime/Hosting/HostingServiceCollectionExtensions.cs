using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Scheduler.Runtime.Hosting;

public static class HostingServiceCollectionExtensions
{
    /// <summary>Names this process (beat, worker, dashboard) and keeps its heartbeat in Redis.</summary>
    public static IServiceCollection AddSchedulerProcess(this IServiceCollection services, string role)
    {
        services.TryAddSingleton(new ProcessIdentity(role));
        // SchedulerHost prints start-up failures as one line; the host's own error log would add a stack trace.
        services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHeartbeatPayload, DataSetWatch>());
        services.TryAddSingleton(sp => new HeartbeatClock(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddHostedService<Heartbeat>();
        return services;
    }
}
