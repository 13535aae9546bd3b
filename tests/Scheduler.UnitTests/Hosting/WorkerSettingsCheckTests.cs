using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Housekeeping;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Mcp;
using Scheduler.Worker.Shell;

namespace Scheduler.UnitTests.Hosting;

/// <summary>Worker settings that would be taken without effect, or dropped, stop the worker at start naming the entry.</summary>
public sealed class WorkerSettingsCheckTests
{
    private static string StartFailure(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        new SchedulerWorkerBuilder(services, new TaskHandlerRegistry()).AddShell(configuration).AddMcp(configuration).AddHousekeeping(configuration);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    [Fact]
    public void An_mcp_server_with_an_unknown_transport_is_named_rather_than_left_out()
    {
        Assert.Contains("Scheduler:Mcp:Servers:files:Transport is \"htp\"; expected stdio or http",
            StartFailure(new() { ["Scheduler:Mcp:Servers:files:Transport"] = "htp", ["Scheduler:Mcp:Servers:files:Url"] = "http://127.0.0.1:1/mcp" }));
        Assert.Contains("MCP server \"web\" uses http but Scheduler:Mcp:Servers:web:Url is not an absolute http(s) URL",
            StartFailure(new() { ["Scheduler:Mcp:Servers:web:Transport"] = "http" }));
    }

    [Fact]
    public void An_empty_allowed_command_and_a_relative_cleanup_root_are_named()
    {
        Assert.Contains("Scheduler:Shell:AllowedCommands holds an empty entry", StartFailure(new() { ["Scheduler:Shell:AllowedCommands:0"] = " " }));
        Assert.Contains("Scheduler:Housekeeping:AllowedRoots has \"logs\", which is not an absolute path",
            StartFailure(new() { ["Scheduler:Housekeeping:AllowedRoots:0"] = "logs" }));
    }
}
