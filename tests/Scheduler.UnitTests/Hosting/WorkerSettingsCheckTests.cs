using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Housekeeping;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Mcp;
using Scheduler.Worker.MethodCalls;
using Scheduler.Worker.Plugins;
using Scheduler.Worker.Shell;

namespace Scheduler.UnitTests.Hosting;

/// <summary>Worker settings that would be taken without effect, or dropped, stop the worker at start naming the entry.</summary>
public sealed class WorkerSettingsCheckTests
{
    private static ServiceProvider Worker(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddOptions<ExecutionOptions>().Bind(configuration.GetSection(ExecutionOptions.Section));
        new SchedulerWorkerBuilder(services, new TaskHandlerRegistry()).AddShell(configuration).AddMcp(configuration).AddHousekeeping(configuration)
            .AddPlugins(configuration).AddMethodCalls(configuration);
        return services.BuildServiceProvider();
    }

    private static string StartFailure(Dictionary<string, string?> settings)
    {
        using var provider = Worker(settings);
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    [Fact]
    public void A_kill_grace_the_stop_grace_would_cut_short_is_refused_unless_shell_tasks_are_off()
    {
        Assert.Contains("Scheduler:Shell:KillGracePeriod (00:00:20) must be shorter than Scheduler:Execution:StopGracePeriod (00:00:15)",
            StartFailure(new() { ["Scheduler:Shell:KillGracePeriod"] = "00:00:20" }));
        Assert.Contains("Scheduler:Shell:KillGracePeriod (00:00:05) must be shorter than Scheduler:Execution:StopGracePeriod (00:00:05)",
            StartFailure(new() { ["Scheduler:Shell:KillGracePeriod"] = "00:00:05", ["Scheduler:Execution:StopGracePeriod"] = "00:00:05" }));
        using var shellOff = Worker(new() { ["Scheduler:Shell:KillGracePeriod"] = "00:00:20", ["Scheduler:Shell:Enabled"] = "false" });
        shellOff.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_fence_whose_kill_would_end_after_beat_takes_the_worker_for_dead_is_refused()
    {
        // WorkerDeadAfter is 15 s by default: 10 s of fence, 5 s of kill grace and the second's margin pass it.
        Assert.Contains("Scheduler:Execution:FenceAfter (00:00:10) plus Scheduler:Shell:KillGracePeriod (00:00:05) must end at least 1 s before "
            + "Scheduler:Beat:WorkerDeadAfter (00:00:15)", StartFailure(new() { ["Scheduler:Execution:FenceAfter"] = "00:00:10" }));
        Assert.Contains("Scheduler:Execution:FenceAfter (00:00:05) plus Scheduler:Shell:KillGracePeriod (00:00:09)",
            StartFailure(new() { ["Scheduler:Execution:FenceAfter"] = "00:00:05", ["Scheduler:Shell:KillGracePeriod"] = "00:00:09" }));
        using var fits = Worker(new() { ["Scheduler:Execution:FenceAfter"] = "00:00:08", ["Scheduler:Shell:KillGracePeriod"] = "00:00:05", ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:20" });
        fits.GetRequiredService<IStartupValidator>().Validate();
        using var off = Worker(new() { ["Scheduler:Shell:KillGracePeriod"] = "00:00:09", ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:05" });
        off.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Execution_settings_that_contradict_each_other_are_refused_with_the_values_compared()
    {
        static string Refusal(Dictionary<string, string?> settings)
        {
            var services = new ServiceCollection();
            services.AddSchedulerWorker(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            using var provider = services.BuildServiceProvider();
            return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExecutionOptions>>().Value).Message;
        }

        Assert.Contains("Scheduler:Execution:HardTimeout (00:00:30) must not be shorter than SoftTimeout (00:01:00)",
            Refusal(new() { ["Scheduler:Execution:SoftTimeout"] = "00:01:00", ["Scheduler:Execution:HardTimeout"] = "00:00:30" }));
        Assert.Contains("Scheduler:Execution:FenceAfter (00:00:19) must end at least 1 s before Scheduler:Beat:WorkerDeadAfter (00:00:20; "
            + "give this worker the fleet's value)", Refusal(new() { ["Scheduler:Execution:FenceAfter"] = "00:00:19", ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:20" }));
        Assert.Contains("expected FenceAfter under 00:00:19", Refusal(new() { ["Scheduler:Execution:FenceAfter"] = "00:00:19", ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:20" }));
    }

    [Fact]
    public void A_plugins_folder_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-plugins-" + Guid.NewGuid().ToString("N"));
        Assert.Contains($"Scheduler:Plugins:Folder is \"{missing}\", which does not exist", StartFailure(new() { ["Scheduler:Plugins:Folder"] = missing }));
        using var existing = Worker(new() { ["Scheduler:Plugins:Folder"] = Path.GetTempPath() });
        existing.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Every_refused_setting_is_named_once_when_several_options_classes_fail_together()
    {
        using var provider = Worker(new()
        {
            ["Scheduler:Plugins:Folder"] = "/no/such/plugins", ["Scheduler:Shell:AllowedCommands:0"] = " ",
            ["Scheduler:MethodCalls:AllowedAssemblies:0"] = "MyCompany.Jbos",
        });
        var failure = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var text = Scheduler.Runtime.Hosting.SchedulerHost.ConfigurationFailures(failure);

        Assert.NotNull(text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Scheduler:Plugins:Folder is \"/no/such/plugins\", which does not exist"));
        Assert.Contains("Scheduler:Shell:AllowedCommands holds an empty entry", text);
        Assert.DoesNotContain("MyCompany.Jbos", text);
        Assert.Null(Scheduler.Runtime.Hosting.SchedulerHost.ConfigurationFailures(new InvalidOperationException("not configuration")));
    }

    [Fact]
    public void An_allowed_assembly_the_worker_cannot_load_is_named_and_one_it_can_passes()
    {
        Assert.Contains("Scheduler:MethodCalls:AllowedAssemblies has \"MyCompany.Jbos\", which this worker cannot load",
            StartFailure(new() { ["Scheduler:MethodCalls:AllowedAssemblies:0"] = "Scheduler.UnitTests", ["Scheduler:MethodCalls:AllowedAssemblies:1"] = "MyCompany.Jbos" }));
        using var known = Worker(new() { ["Scheduler:MethodCalls:AllowedAssemblies:0"] = "Scheduler.UnitTests" });
        known.GetRequiredService<IStartupValidator>().Validate();
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
