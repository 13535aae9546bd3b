using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;

namespace Scheduler.Worker.Shell;

/// <summary>Adds the <c>shell</c> task kind: its handler and <see cref="ShellOptions"/>.</summary>
public static class ShellWorkerExtensions
{
    /// <summary>Runs <c>shell</c> tasks on this worker, within <c>Scheduler:Shell</c>'s limits.</summary>
    public static SchedulerWorkerBuilder AddShell(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<ShellOptions>().Bind(configuration.GetSection(ShellOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ShellGroupReaper>();
        return builder.AddTaskHandler<ShellTask, ShellHandler>();
    }
}
