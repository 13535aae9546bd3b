using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Worker.Housekeeping;

/// <summary>Adds the <c>cleanup</c> task kind: its handler, options and the cleanup registration store.</summary>
public static class HousekeepingWorkerExtensions
{
    /// <summary>
    /// Runs <c>cleanup</c> tasks on this worker, within <c>Scheduler:Housekeeping:AllowedRoots</c>, and every
    /// registration by itself on its interval (<see cref="CleanupRunner"/>).
    /// </summary>
    public static SchedulerWorkerBuilder AddHousekeeping(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<HousekeepingOptions>().Bind(configuration.GetSection(HousekeepingOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(HousekeepingOptions.Section))
            .ValidateProblem(o => o.Problem())
            .ValidateOnStart();
        builder.Services.TryAddSingleton<CleanupStore>();
        builder.Services.AddHostedService<CleanupRunner>();
        return builder.AddTaskHandler<CleanupTask, CleanupHandler>();
    }
}
