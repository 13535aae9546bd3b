using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Worker.Mcp;

/// <summary>Adds the <c>mcp_tool</c> task kind: its handler, the client pool and <see cref="McpOptions"/>.</summary>
public static class McpWorkerExtensions
{
    /// <summary>Runs <c>mcp_tool</c> tasks on this worker against the servers under <c>Scheduler:Mcp:Servers</c>.</summary>
    public static SchedulerWorkerBuilder AddMcp(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<McpOptions>().Bind(configuration.GetSection(McpOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(McpOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<McpOptions>>(new McpOptionsValidator(configuration.GetSection(McpOptions.Section)));
        builder.Services.TryAddSingleton<McpClientPool>();
        builder.Services.TryAddSingleton<McpToolCatalog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<McpToolCatalog>());
        return builder.AddTaskHandler<McpToolTask, McpToolHandler>();
    }
}
