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

    private static Dictionary<string, ISchedulerPlugin> Scan(PluginOptions settings, ILogger logger)
    {
        var found = new Dictionary<string, ISchedulerPlugin>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(settings.Folder) || !Directory.Exists(settings.Folder)) return found;
        var candidates = Directory.EnumerateFiles(settings.Folder, "*.dll")
            .Concat(Directory.EnumerateDirectories(settings.Folder)
                .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".dll")).Where(File.Exists));
        foreach (var path in candidates.Order(StringComparer.Ordinal))
        {
            foreach (var plugin in Load(Path.GetFullPath(path), logger))
            {
                if (found.TryAdd(plugin.Name, plugin)) LogLoaded(logger, plugin.Name, path, string.Join(", ", plugin.Commands));
                else LogDuplicate(logger, plugin.Name, path);
            }
        }
        return found;
    }

    private static IEnumerable<ISchedulerPlugin> Load(string path, ILogger logger)
    {
        var plugins = new List<ISchedulerPlugin>();
        try
        {
            var assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
            foreach (var type in assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISchedulerPlugin).IsAssignableFrom(t)))
                plugins.Add((ISchedulerPlugin)Activator.CreateInstance(type)!);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException
            or System.Reflection.ReflectionTypeLoadException or MissingMethodException or System.Reflection.TargetInvocationException)
        {
            LogUnloadable(logger, path, e.Message);
        }
        return plugins;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded plugin {Name} from {Path}; commands: {Commands}")]
    private static partial void LogLoaded(ILogger logger, string name, string path, string commands);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Name} in {Path} is ignored: a plugin of that name is already loaded")]
    private static partial void LogDuplicate(ILogger logger, string name, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not a loadable plugin assembly: {Reason}")]
    private static partial void LogUnloadable(ILogger logger, string path, string reason);
}
