using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.MethodCalls;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Plugins;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Worker.MethodCalls;

/// <summary>Adds the <c>method_call</c> task kind: a captured call of a .NET method, run on this worker.</summary>
public static class MethodCallWorkerExtensions
{
    /// <summary>
    /// Runs <see cref="MethodCallTask"/>s on this worker: the service comes from this host's DI container (register
    /// yours on the same <see cref="IServiceCollection"/>), else is created with its dependencies, or is found in the
    /// plugins folder (<c>Scheduler:Plugins:Folder</c>). Only types of the host's own program, of the plugins folder
    /// and of allowed assemblies are called. <c>AddSchedulerWorker</c> calls it already.
    /// </summary>
    public static SchedulerWorkerBuilder AddMethodCalls(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<MethodCallOptions>().Bind(configuration.GetSection(MethodCallOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(MethodCallOptions.Section))
            .ValidateProblem(o => o.Problem())
            .ValidateProblem<MethodCallOptions, IOptions<PluginOptions>>((o, plugins) => o.Problem() is null && PluginsFolderValid(plugins, out var folder)
                ? o.UnknownAssembly(folder) : null)
            .ValidateOnStart();
        builder.Services.TryAddSingleton<PluginAssemblies>();
        builder.Services.TryAddSingleton<MethodCallResolver>();
        return builder.AddTaskHandler<MethodCallTask, MethodCallHandler>();
    }

    // A plugins folder that is itself wrong is named by its own check; the assemblies wait for a folder to look in.
    private static bool PluginsFolderValid(IOptions<PluginOptions> plugins, out string? folder)
    {
        folder = null;
        try { folder = plugins.Value.Folder; return true; }
        catch (OptionsValidationException) { return false; }
    }

    /// <summary>
    /// Lets method calls reach the public types of <typeparamref name="TService"/>'s assembly, for services that live in a
    /// library of your app rather than in the worker host's own program (same as listing it in
    /// <c>Scheduler:MethodCalls:AllowedAssemblies</c>).
    /// </summary>
    public static SchedulerWorkerBuilder AllowMethodCallsOn<TService>(this SchedulerWorkerBuilder builder)
    {
        var name = typeof(TService).Assembly.GetName().Name!;
        builder.Services.PostConfigure<MethodCallOptions>(o =>
        {
            if (!o.AllowedAssemblies.Contains(name, StringComparer.OrdinalIgnoreCase)) o.AllowedAssemblies = [.. o.AllowedAssemblies, name];
        });
        return builder;
    }
}
