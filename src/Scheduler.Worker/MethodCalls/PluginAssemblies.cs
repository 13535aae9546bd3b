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

    private static Dictionary<string, Assembly> Scan(string? folder, ILogger logger)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder)) return found;
        // The same layout as plugins: *.dll in the folder, and <sub>/<sub>.dll published with its dependencies.
        var candidates = Directory.EnumerateFiles(folder, "*.dll")
            .Concat(Directory.EnumerateDirectories(folder).Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".dll")).Where(File.Exists));
        foreach (var path in candidates.Order(StringComparer.Ordinal))
        {
            try
            {
                var full = Path.GetFullPath(path);
                var assembly = new PluginLoadContext(full).LoadFromAssemblyPath(full);
                found.TryAdd(assembly.GetName().Name!, assembly);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                LogUnloadable(logger, path, e.Message);
            }
        }
        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} in the plugins folder cannot be loaded for method calls: {Reason}")]
    private static partial void LogUnloadable(ILogger logger, string path, string reason);
}
