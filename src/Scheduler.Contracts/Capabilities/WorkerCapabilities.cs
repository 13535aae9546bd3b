namespace Scheduler.Contracts.Capabilities;

/// <summary>
/// What one live worker can run, as it advertises it in Redis (rewritten with its heartbeat, expiring soon after the
/// worker stops). Scheduling checks task names against the capabilities of every live worker.
/// </summary>
/// <param name="WorkerId">The worker's process id ("worker:host:pid:nonce").</param>
/// <param name="TaskTypes">Task type names it has a handler for.</param>
/// <param name="Plugins">Loaded plugins by name, each with its command names.</param>
/// <param name="McpServers">Configured MCP server names.</param>
/// <param name="NotificationChannels">Channel names a notification may name ("events", "log" and each configured webhook).</param>
/// <param name="ShellEnabled">Whether shell tasks run at all.</param>
/// <param name="ShellAllowedCommands">Programs shell tasks may run (name or full path); empty allows all.</param>
public sealed record WorkerCapabilities(
    string WorkerId,
    IReadOnlyList<string> TaskTypes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Plugins,
    IReadOnlyList<string> McpServers,
    IReadOnlyList<string> NotificationChannels,
    bool ShellEnabled,
    IReadOnlyList<string> ShellAllowedCommands)
{
    /// <summary>
    /// The Hangfire queues it takes runs from (<c>Scheduler:Worker:Queues</c>); empty when it does not say (a worker from
    /// before this list), which scheduling then takes as any queue.
    /// </summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>
    /// While <see cref="ShellAllowedCommands"/> is set, the environment variables a shell task may set (names, or
    /// prefixes ending in <c>*</c>); null when the worker does not say (one from before this list), which scheduling
    /// then does not check.
    /// </summary>
    public IReadOnlyList<string>? ShellAllowedEnvironment { get; init; }

    /// <summary>
    /// The allowed roots within which this worker runs cleanup registrations by itself
    /// (<c>Scheduler:Housekeeping:AllowedRoots</c>); empty when it runs none (no roots, or <c>RunRegistrations</c> false);
    /// null when the worker does not say (one from before this list), which registration then does not check.
    /// </summary>
    public IReadOnlyList<string>? CleanupRoots { get; init; }

    /// <summary>
    /// The simple names of the assemblies whose public types this worker's method calls may call: its host's own program
    /// (the entry assembly), the plugins folder's assemblies and <c>Scheduler:MethodCalls:AllowedAssemblies</c> (which
    /// <c>AllowMethodCallsOn&lt;T&gt;()</c> adds to); empty when method calls are switched off
    /// (<c>Scheduler:MethodCalls:Enabled</c> false); null when the worker does not say (one from before this list), which
    /// scheduling then does not check.
    /// </summary>
    public IReadOnlyList<string>? MethodCallAssemblies { get; init; }

    /// <summary>
    /// The tools (with their required arguments) each of <see cref="McpServers"/> listed when the worker last asked it (<c>Scheduler:Mcp:ListTools</c>),
    /// by server name; a server left out (not listed yet, not answering, or listing switched off) has its tool names
    /// unchecked, and so has every server when this is null (a worker from before this list).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<McpToolInfo>>? McpTools { get; init; }

    /// <summary>Whether <paramref name="allowed"/> (names, or prefixes ending in <c>*</c>) lists variable <paramref name="name"/>.</summary>
    public static bool ListsVariable(IReadOnlyList<string> allowed, string name) =>
        allowed.Any(a => a.EndsWith('*') ? name.StartsWith(a[..^1], StringComparison.Ordinal) : a == name);
}
