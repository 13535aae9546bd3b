using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Plugins;

namespace Scheduler.Worker.MethodCalls;

/// <summary>
/// The assemblies of the plugins folder, each in its own <see cref="PluginLoadContext"/>, by simple name; scanned once,
/// on the first method call that needs a type the host itself does not have.
/// </summary>
internal sealed partial class PluginAssemblies(IOptions<PluginOptions> options, ILogger<PluginAssemblies> logger)
{
    private readonly Lazy<IReadOnlyDictionary<string, Assembly>> _assemblies = new(() => Scan(options.Value.Folder, logger));

    public string? Folder => options.Value.Folder;

    public Assembly? Find(string? simpleName) => simpleName is not null && _assemblies.Value.TryGetValue(simpleName, out var found) ? found : null;

    public bool Contains(Assembly assembly) => _assemblies.Value.Values.Contains(assembly);

    // As in PluginCatalog's scan: whatever one file throws while being loaded (not an assembly, a broken .deps.json
    // beside it, an unreadable file) skips that file with a warning and the scan goes on. An exception let out would be
    // cached by the Lazy and rethrown to every method call that reaches the folder, whatever type it names.
    private static Dictionary<string, Assembly> Scan(string? folder, ILogger logger)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder)) return found;
        List<string> candidates;
        try
        {
            candidates = PluginFolder.AssemblyPaths(folder);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnreadableFolder(logger, folder, e.Message);
            return found;
        }
        foreach (var path in candidates)
        {
            try
            {
                var full = Path.GetFullPath(path);
                var assembly = new PluginLoadContext(full).LoadFromAssemblyPath(full);
                found.TryAdd(assembly.GetName().Name!, assembly);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogUnloadable(logger, path, $"{e.GetType().Name}: {e.Message}");
            }
        }
        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} in the plugins folder cannot be loaded for method calls: {Reason}")]
    private static partial void LogUnloadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugins folder {Folder} cannot be read for method calls; no assembly of it is used: {Reason}")]
    private static partial void LogUnreadableFolder(ILogger logger, string folder, string reason);
}
