using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Capabilities;

/// <summary>
/// The one check of a task's names against what live workers offer; the client runs it for every caller (library,
/// REST, CLI). A task passes when one worker offers all of it: a sequence runs on one worker, so all of its steps must.
/// </summary>
internal static class CapabilityCheck
{
    public const string OptOut = "pass verify: false (REST: in options, or beside the fields a PATCH changes), --no-verify (CLI) or ScheduleOptions.Verify = false to schedule it for workers that start later";

    /// <summary>
    /// The problems that stop <paramref name="task"/>, its runs sent to <paramref name="queue"/>, from running on any of
    /// <paramref name="live"/>; empty when one can run it. Only a worker that takes runs from the queue counts: a run sent to a
    /// queue no worker serves waits there for ever.
    /// </summary>
    public static IReadOnlyList<string> Problems(TaskDefinition task, string queue, IReadOnlyList<WorkerCapabilities> live)
    {
        if (live.Count == 0) return [$"no worker is live (none has advertised what it runs in the last {CapabilityStore.TimeToLive.TotalSeconds:0} s); start a worker, or {OptOut}"];
        var serving = live.Where(w => w.Queues.Count == 0 || w.Queues.Contains(queue, StringComparer.Ordinal)).ToList();
        if (serving.Count == 0)
            return [$"queue \"{queue}\" is served by no live worker, so its runs would wait there for ever; served queues: {List(Union(live.Select(w => w.Queues)))}; "
                + $"send it to one of those (options.queue, --queue), start a worker with \"{queue}\" in Scheduler:Worker:Queues, or {OptOut}"];
        live = serving;
        if (live.Any(w => !Lacks(task, w, "", queue).Any())) return [];
        var union = Merge(live);
        var problems = Lacks(task, union, "", queue).Select(p => $"{p}; {OptOut}").ToList();
        return problems.Count > 0 ? problems
            : task is SequenceTask ? [$"no single live worker offers every step of this sequence, and a sequence runs on one worker; {OptOut}"]
            : [$"no single live worker offers everything this task needs (each part is offered by some worker: a method call's assemblies, "
                + $"a shell command and its variables), and a run runs on one worker; {OptOut}"];
    }

    /// <summary>
    /// What <paramref name="worker"/> (one serving <paramref name="queue"/>, or all of them merged) lacks to run
    /// <paramref name="task"/>, each naming what it offers.
    /// </summary>
    public static IEnumerable<string> Lacks(TaskDefinition task, WorkerCapabilities worker, string where, string queue)
    {
        var type = task.TypeName;
        if (!worker.TaskTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{where}task type \"{type}\" is run by no live worker; offered types: {List(worker.TaskTypes)}";
            yield break;
        }
        switch (task)
        {
            case PluginCommandTask plugin:
                var commands = worker.Plugins.FirstOrDefault(p => string.Equals(p.Key, plugin.PluginName, StringComparison.OrdinalIgnoreCase)).Value;
                if (commands is null)
                    yield return $"{where}plugin \"{plugin.PluginName}\" is loaded by no live worker; offered plugins: {Plugins(worker)}";
                else if (!commands.Contains(plugin.CommandName, StringComparer.OrdinalIgnoreCase))
                    yield return $"{where}plugin \"{plugin.PluginName}\" has no command \"{plugin.CommandName}\" on any live worker; its commands: {List(commands)}";
                break;
            case McpToolTask mcp when !worker.McpServers.Contains(mcp.ServerName, StringComparer.OrdinalIgnoreCase):
                yield return $"{where}MCP server \"{mcp.ServerName}\" is configured on no live worker; offered servers: {List(worker.McpServers)}";
                break;
            case McpToolTask mcp when McpToolProblem(mcp, worker) is { } problem:
                yield return where + problem;
                break;
            case NotificationTask note:
                foreach (var channel in (note.Channels ?? []).Where(c => !worker.NotificationChannels.Contains(c, StringComparer.OrdinalIgnoreCase)))
                    yield return $"{where}notification channel \"{channel}\" is configured on no live worker; offered channels: {List(worker.NotificationChannels)}";
                break;
            case ShellTask shell:
                if (!worker.ShellEnabled) { yield return $"{where}shell tasks are disabled on every live worker (Scheduler:Shell:Enabled is false)"; break; }
                var program = shell.UseShell ? "/bin/sh" : shell.Command;
                if (!ShellAllows(worker.ShellAllowedCommands, program))
                    yield return $"{where}shell command \"{program}\" is allowed on no live worker; allowed commands: {List(worker.ShellAllowedCommands)}";
                else if (worker.ShellAllowedCommands.Count > 0 && worker.ShellAllowedEnvironment is { } variables
                    && shell.Environment?.Keys.FirstOrDefault(name => !WorkerCapabilities.ListsVariable(variables, name)) is { } unlisted)
                    yield return $"{where}shell environment variable {unlisted} is allowed on no live worker that allows \"{program}\" (Scheduler:Shell:AllowedEnvironment); allowed variables: {List(variables)}";
                break;
            case MethodCallTask call when MethodCallProblem(call, worker, queue) is { } problem:
                yield return where + problem;
                break;
            case SequenceTask sequence:
                foreach (var step in sequence.Steps)
                    foreach (var problem in Lacks(step.Task, worker, $"{where}step \"{step.Id}\": ", queue)) yield return problem;
                break;
        }
    }

    /// <summary>
    /// Why no live worker would clean <paramref name="directory"/> on a registration's interval, naming the roots they
    /// allow; null when one would, or when that is not known (no worker live, or one that does not advertise its roots).
    /// </summary>
    public static string? CleanupProblem(string directory, IReadOnlyList<WorkerCapabilities> live)
    {
        if (live.Count == 0 || live.Any(w => w.CleanupRoots is null)) return null;
        // As the worker checks it: the directory's real location (links resolved) at or below a root.
        var real = CleanupPaths.RealPath(directory);
        if (live.Any(w => w.CleanupRoots!.Any(root => CleanupPaths.IsAtOrBelow(directory, root) || CleanupPaths.IsAtOrBelow(real, root))))
            return null;
        return $"cleanup \"directory\" \"{directory}\" is outside the roots every live worker runs cleanups in ({List(Union(live.Select(w => w.CleanupRoots!)))}), "
            + $"so it would never be cleaned; choose a directory below one of them, add a root to {HousekeepingSettings.AllowedRootsKey} of a worker, "
            + "or pass --no-verify (CLI) or SchedulerClientOptions.VerifyWorkers = false to register it for workers that start later";
    }

    // As the worker's resolver applies it: the service type's assembly must be one the worker may call. A stock worker
    // on "default" does not have an app's types, so the natural first call (no queue) would fail for good at every run.
    // So must its type arguments' and the method's (Repository<Order> creating an Order), bar .NET's own value types and
    // string; a type of .NET's own library passes here, where the worker may still refuse one that is not a value type.
    private static string? MethodCallProblem(MethodCallTask call, WorkerCapabilities worker, string queue)
    {
        if (worker.MethodCallAssemblies is not { } callable) return null;
        var assembly = SimpleAssemblyOf(call.Service ?? "");
        var name = $"{MethodCallTypeNames.ShortName(call.Service ?? "")}.{call.Method}";
        var ownHost = "run your app's own worker host (AddSchedulerWorker) on a queue of its own and send the call there "
            + "(ScheduleOptions.Queue, options.queue, --queue)";
        if (assembly.Length > 0 && !callable.Contains(assembly, StringComparer.OrdinalIgnoreCase))
        {
            if (callable.Count == 0)
                return $"method call {name} cannot run: method calls are switched off on every live worker on queue \"{queue}\" that runs them "
                    + $"(Scheduler:MethodCalls:Enabled is false); {ownHost}, or switch them on";
            return $"method call {name} needs assembly \"{assembly}\", whose types no live worker on queue \"{queue}\" may call "
                + $"(callable assemblies: {List(callable)}); {ownHost}, list \"{assembly}\" in Scheduler:MethodCalls:AllowedAssemblies of a worker "
                + "(or AllowMethodCallsOn<T>() in its host), or put it in the plugins folder";
        }
        if (callable.Count == 0) return null;
        // A method the type inherits from another assembly (class ApiClient : HttpClient calling GetStringAsync) needs
        // that assembly callable too, as the worker's resolver holds it; known only where the type is loaded.
        if (MethodCallDeclaringType.Of(call) is { } declaring && declaring.Assembly.GetName().Name is { } declaringAssembly
            && !string.Equals(declaringAssembly, assembly, StringComparison.OrdinalIgnoreCase) && !callable.Contains(declaringAssembly, StringComparer.OrdinalIgnoreCase))
            return $"method call {name}: method {call.Method} is declared by type \"{(declaring.IsGenericType ? MethodCallTypeNames.ShortName(MethodCallTypeNames.Of(declaring)) : declaring.FullName)}\" "
                + $"of assembly \"{declaringAssembly}\", which no live worker on queue \"{queue}\" may call (callable assemblies: {List(callable)}); call a method "
                + $"your type declares itself (an override, or one that makes the call), list \"{declaringAssembly}\" in Scheduler:MethodCalls:AllowedAssemblies "
                + "of a worker (or AllowMethodCallsOn<T>() in its host), or put it in the plugins folder";
        var arguments = MethodCallTypeNames.TypeArgumentsOf(call.Service ?? "").Concat(call.GenericArguments ?? []);
        if (UncallableTypeArgument(arguments, callable) is not { } argument) return null;
        var argumentAssembly = SimpleAssemblyOf(argument);
        return $"method call {name} uses type argument \"{MethodCallTypeNames.ShortName(argument)}\" of assembly \"{argumentAssembly}\", whose types no live "
            + $"worker on queue \"{queue}\" may use (callable assemblies: {List(callable)}; type arguments are .NET's value types, string or types of a "
            + $"callable assembly); {ownHost}, list \"{argumentAssembly}\" in Scheduler:MethodCalls:AllowedAssemblies of a worker "
            + "(or AllowMethodCallsOn<T>() in its host), or put it in the plugins folder";
    }

    // The first type argument, at any depth, of an assembly no worker may call (.NET's own library passes).
    private static string? UncallableTypeArgument(IEnumerable<string> arguments, IReadOnlyList<string> callable)
    {
        foreach (var argument in arguments)
        {
            var assembly = SimpleAssemblyOf(argument);
            if (assembly.Length > 0 && !DotNetLibraries.Contains(assembly) && !callable.Contains(assembly, StringComparer.OrdinalIgnoreCase)) return argument;
            if (UncallableTypeArgument(MethodCallTypeNames.TypeArgumentsOf(argument), callable) is { } nested) return nested;
        }
        return null;
    }

    private static readonly HashSet<string> DotNetLibraries = new(["System.Private.CoreLib", "mscorlib", "netstandard", "System.Runtime"], StringComparer.OrdinalIgnoreCase);

    // A hand-written name may carry the assembly's version ("MyApp, Version=1.0.0.0"): only its simple name counts.
    private static string SimpleAssemblyOf(string typeName) => MethodCallTypeNames.AssemblyOf(typeName).Split(',')[0].Trim();

    /// <summary>The same rule as the worker's shell handler: an empty list allows all; a bare name matches the program's file name.</summary>
    public static bool ShellAllows(IReadOnlyList<string> allowed, string program)
    {
        if (allowed.Count == 0) return true;
        // As the worker applies the list (CommandAllowList): a path runs only when listed itself ("sh" covers useShell's
        // /bin/sh); a bare name when listed, or when a listed path has that name (the worker's PATH decides which).
        if (program.Contains('/')) return allowed.Contains(program) || (program == "/bin/sh" && allowed.Contains("sh"));
        return allowed.Any(a => a == program || (a.Contains('/') && Path.GetFileName(a) == program));
    }

    /// <summary>Everything any live worker offers, as if one worker offered it all.</summary>
    public static WorkerCapabilities Merge(IReadOnlyList<WorkerCapabilities> live)
    {
        var plugins = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, commands) in live.SelectMany(w => w.Plugins))
            plugins[name] = [.. (plugins.GetValueOrDefault(name) ?? []).Union(commands, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
        var shells = live.Where(w => w.ShellEnabled).ToList();
        return new WorkerCapabilities(
            "any",
            Union(live.Select(w => w.TaskTypes)),
            plugins,
            Union(live.Select(w => w.McpServers)),
            Union(live.Select(w => w.NotificationChannels)),
            shells.Count > 0,
            shells.Any(w => w.ShellAllowedCommands.Count == 0) ? [] : Union(shells.Select(w => w.ShellAllowedCommands)))
        {
            Queues = live.Any(w => w.Queues.Count == 0) ? [] : Union(live.Select(w => w.Queues)),
            // Checked only when every allow-listing worker says what it allows; one that allows any command allows any variable.
            ShellAllowedEnvironment = shells.Any(w => w.ShellAllowedCommands.Count == 0 || w.ShellAllowedEnvironment is null) ? null
                : Union(shells.Select(w => w.ShellAllowedEnvironment!)),
            // A server's tools are checked only when every worker configuring it has listed them.
            McpTools = MergeTools(live),
            // Checked only when every worker says which assemblies it may call.
            MethodCallAssemblies = live.Any(w => w.MethodCallAssemblies is null) ? null : Union(live.Select(w => w.MethodCallAssemblies!)),
        };
    }

    // As the server will judge the call: a tool it lists, given every argument its schema requires. Servers whose tools
    // the worker has not listed are not checked.
    private static string? McpToolProblem(McpToolTask mcp, WorkerCapabilities worker)
    {
        if (ListedTools(worker, mcp.ServerName) is not { } tools) return null;
        var named = tools.Where(t => t.Name == mcp.ToolName).ToList();
        if (named.Count == 0)
            return $"MCP server \"{mcp.ServerName}\" has no tool \"{mcp.ToolName}\" on any live worker; its tools: {List(tools.Select(t => t.Name).Distinct())}";
        var given = mcp.Arguments?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        if (named.Any(t => t.RequiredArguments.All(given.Contains))) return null;
        var missing = named[0].RequiredArguments.Where(a => !given.Contains(a)).ToList();
        return $"MCP tool \"{mcp.ToolName}\" of server \"{mcp.ServerName}\" requires argument(s) {List(missing.Select(a => $"\"{a}\""))}, "
            + $"which the task does not give; it requires {List(named[0].RequiredArguments)} and was given {List(given.Order(StringComparer.Ordinal))}";
    }

    private static IReadOnlyList<McpToolInfo>? ListedTools(WorkerCapabilities worker, string server) =>
        worker.McpTools?.FirstOrDefault(t => string.Equals(t.Key, server, StringComparison.OrdinalIgnoreCase)).Value;

    private static Dictionary<string, IReadOnlyList<McpToolInfo>> MergeTools(IReadOnlyList<WorkerCapabilities> live)
    {
        var tools = new Dictionary<string, IReadOnlyList<McpToolInfo>>(StringComparer.OrdinalIgnoreCase);
        foreach (var server in Union(live.Select(w => w.McpServers)))
        {
            var configuring = live.Where(w => w.McpServers.Contains(server, StringComparer.OrdinalIgnoreCase)).ToList();
            if (configuring.All(w => ListedTools(w, server) is not null))
                tools[server] = [.. configuring.SelectMany(w => ListedTools(w, server)!).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal)];
        }
        return tools;
    }

    private static List<string> Union(IEnumerable<IReadOnlyList<string>> lists) =>
        [.. lists.SelectMany(l => l).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private static string Plugins(WorkerCapabilities worker) =>
        worker.Plugins.Count == 0 ? "none"
        : string.Join(", ", worker.Plugins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ({string.Join(", ", p.Value)})"));
}
