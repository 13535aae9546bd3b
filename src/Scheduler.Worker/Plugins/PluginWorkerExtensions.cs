using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Plugins.Declarations;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Worker.Plugins;

/// <summary>Adds the <c>plugin</c> task kind: its handler, the plugin catalog, <see cref="PluginOptions"/> and the registration of the plugins' declared schedules.</summary>
public static class PluginWorkerExtensions
{
    /// <summary>Runs <c>plugin</c> tasks on this worker with the plugins found in <c>Scheduler:Plugins:Folder</c>.</summary>
    public static SchedulerWorkerBuilder AddPlugins(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<PluginOptions>().Bind(configuration.GetSection(PluginOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(PluginOptions.Section))
            .ValidateProblem(o => string.IsNullOrWhiteSpace(o.Folder) || Directory.Exists(o.Folder) ? null
                : $"{PluginOptions.Section}:Folder is \"{o.Folder}\", which does not exist (from {Directory.GetCurrentDirectory()}); give the folder " +
                  "that holds the plugin assemblies, or leave Folder empty for no plugins")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<PluginCatalog>();
        builder.Services.AddHostedService<DeclarationRegistrar>();
        return builder.AddTaskHandler<PluginCommandTask, PluginCommandHandler>();
    }
}
