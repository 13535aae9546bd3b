using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Housekeeping;
using Scheduler.Worker.Mcp;
using Scheduler.Worker.Plugins;
using Scheduler.Worker.Shell;
using Scheduler.Worker.Tasks;
using Scheduler.Worker.Webhooks;

namespace Scheduler.Worker.Hosting;

/// <summary>The task kinds every worker runs, with the services and options each one needs.</summary>
internal static class BuiltInTaskKinds
{
    public static SchedulerWorkerBuilder AddBuiltInTaskKinds(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.TryAddSingleton<WebhookSender>();

        services.AddOptions<ShellOptions>().Bind(configuration.GetSection(ShellOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<McpOptions>().Bind(configuration.GetSection(McpOptions.Section))
            .Validate(o => o.Servers.All(s => s.Value.Problem(s.Key) is null),
                "Scheduler:Mcp:Servers has an invalid server: stdio servers need a Command, http servers an absolute http(s) Url")
            .ValidateOnStart();
        services.TryAddSingleton<McpClientPool>();

        services.AddOptions<PluginOptions>().Bind(configuration.GetSection(PluginOptions.Section)).ValidateOnStart();
        services.TryAddSingleton<PluginCatalog>();

        return builder
            .AddTaskHandler<NotificationTask, NotificationHandler>()
            .AddTaskHandler<ShellTask, ShellHandler>()
            .AddTaskHandler<McpToolTask, McpToolHandler>()
            .AddTaskHandler<PluginCommandTask, PluginCommandHandler>()
            .AddTaskHandler<SequenceTask, SequenceHandler>()
            .AddHousekeeping(configuration);
    }
}
