using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Hosting;

namespace Scheduler.Worker.Capabilities;

/// <summary>Adds the advertisement of this worker's capabilities to its heartbeat.</summary>
public static class CapabilityWorkerExtensions
{
    /// <summary>Keeps what this worker runs advertised in Redis while it is alive.</summary>
    public static SchedulerWorkerBuilder AddCapabilities(this SchedulerWorkerBuilder builder)
    {
        builder.Services.TryAddSingleton<CapabilityAdvertiser>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHeartbeatPayload, CapabilityAdvertiser>(sp => sp.GetRequiredService<CapabilityAdvertiser>()));
        return builder;
    }
}
