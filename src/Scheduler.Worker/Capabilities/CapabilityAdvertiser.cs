using Microsoft.Extensions.Options;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Housekeeping;
using Scheduler.Worker.Mcp;
using Scheduler.Worker.MethodCalls;
using Scheduler.Worker.Notifications;
using Scheduler.Worker.Plugins;
using Scheduler.Worker.Shell;
using StackExchange.Redis;

namespace Scheduler.Worker.Capabilities;

/// <summary>
/// Advertises what this worker runs with every heartbeat, so clients can refuse a task no live worker offers. The
/// set is computed once (plugins are scanned once and configuration is read at start, so it cannot change while running),
/// except the MCP servers' tools, which the servers themselves may change: those are as last listed.
/// </summary>
internal sealed class CapabilityAdvertiser(
    IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, TaskHandlerRegistry registry, PluginCatalog plugins,
    IOptions<McpOptions> mcp, WebhookChannels webhooks, IOptions<ShellOptions> shell, IOptions<Hosting.WorkerOptions> worker,
    IOptions<HousekeepingOptions> housekeeping, IOptions<MethodCallOptions> methodCalls, IOptions<PluginOptions> pluginOptions,
    McpToolCatalog? mcpTools = null) : IHeartbeatPayload
{
    private readonly CapabilityStore _store = new(redis, keys);
    private WorkerCapabilities? _fixed;

    public WorkerCapabilities Capabilities => mcpTools is null ? Fixed : Fixed with { McpTools = mcpTools.Tools };

    private WorkerCapabilities Fixed => _fixed ??= new WorkerCapabilities(
        identity.Id,
        registry.TypeNames,
        plugins.Plugins.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Commands], StringComparer.OrdinalIgnoreCase),
        [.. mcp.Value.Servers.Keys.Order(StringComparer.Ordinal)],
        // "events" and "log" are always delivered, so naming them is never a mistake.
        ["events", "log", .. webhooks.Names],
        shell.Value.Enabled,
        shell.Value.AllowedCommands)
    {
        Queues = [.. worker.Value.Queues.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        ShellAllowedEnvironment = shell.Value.AllowedEnvironment,
        CleanupRoots = housekeeping.Value.RunRegistrations ? [.. housekeeping.Value.AllowedRoots] : [],
        MethodCallAssemblies = CallableAssemblies.Of(registry.Handles<MethodCallTask>(), methodCalls, pluginOptions),
    };

    public Task WriteAsync(CancellationToken cancellationToken) => _store.WriteAsync(Capabilities);

    public Task RemoveAsync() => _store.RemoveAsync(identity.Id);
}
