using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Plugins;

namespace Scheduler.Worker.Plugins;

/// <summary>The plugins in the configured folder, each from its own <see cref="PluginLoadContext"/>; scanned once, lazily.</summary>
internal sealed partial class PluginCatalog(IOptions<PluginOptions> options, ILogger<PluginCatalog> logger)
{
    private readonly Lazy<IReadOnlyDictionary<string, ISchedulerPlugin>> _plugins = new(() => Scan(options.Value, logger));

    /// <summary>Loaded plugins by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, ISchedulerPlugin> Plugins => _plugins.Value;

    /// <summary>The configured folder, for messages.</summary>
    public string? Folder => options.Value.Folder;

    // A plugin is someone else's code run in the worker: whatever it throws while being found (a getter, a constructor,
    // a missing dependency, an unreadable file) skips that plugin or assembly and the scan goes on. An exception let out
    // would be cached by the Lazy and rethrown to every reader, the capability heartbeat among them, stopping the worker.
    private static Dictionary<string, ISchedulerPlugin> Scan(PluginOptions settings, ILogger logger)
    {
        var found = new Dictionary<string, ISchedulerPlugin>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(settings.Folder) || !Directory.Exists(settings.Folder)) return found;
        List<string> candidates;
        try
        {
            candidates = PluginFolder.AssemblyPaths(settings.Folder);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnreadableFolder(logger, settings.Folder, e.Message);
            return found;
        }
        foreach (var path in candidates)
        {
            foreach (var plugin in Load(path, logger))
            {
                string name, commands;
                try
                {
                    name = plugin.Name;
                    if (string.IsNullOrWhiteSpace(name)) throw new InvalidOperationException("its Name is empty");
                    commands = string.Join(", ", plugin.Commands ?? throw new InvalidOperationException("its Commands is null"));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogUnusable(logger, plugin.GetType().FullName, path, $"{e.GetType().Name}: {e.Message}");
                    continue;
                }
                if (found.TryAdd(name, plugin)) LogLoaded(logger, name, path, commands);
                else LogDuplicate(logger, name, path);
            }
        }
        return found;
    }

    private static List<ISchedulerPlugin> Load(string path, ILogger logger)
    {
        var plugins = new List<ISchedulerPlugin>();
        Type[] types;
        try
        {
            var fullPath = Path.GetFullPath(path);
            var assembly = new PluginLoadContext(fullPath).LoadFromAssemblyPath(fullPath);
            types = [.. assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISchedulerPlugin).IsAssignableFrom(t))];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnloadable(logger, path, e.Message);
            return plugins;
        }
        foreach (var type in types)
        {
            try
            {
                plugins.Add((ISchedulerPlugin)Activator.CreateInstance(type)!);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
                LogUnusable(logger, type.FullName, path, $"{cause.GetType().Name}: {cause.Message}");
            }
        }
        return plugins;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded plugin {Name} from {Path}; commands: {Commands}")]
    private static partial void LogLoaded(ILogger logger, string name, string path, string commands);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Name} in {Path} is ignored: a plugin of that name is already loaded")]
    private static partial void LogDuplicate(ILogger logger, string name, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not a loadable plugin assembly: {Reason}")]
    private static partial void LogUnloadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin type {Type} in {Path} is ignored: {Reason}")]
    private static partial void LogUnusable(ILogger logger, string? type, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugins folder {Folder} cannot be read; no plugin is loaded: {Reason}")]
    private static partial void LogUnreadableFolder(ILogger logger, string folder, string reason);
}
