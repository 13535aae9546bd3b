using System.Reflection;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Plugins;

namespace Scheduler.Worker.MethodCalls;

/// <summary>
/// The simple names of the assemblies whose types this worker's method calls may call, by the resolver's rule: the host's
/// own program (the entry assembly), the plugins folder's assemblies and <see cref="MethodCallOptions.AllowedAssemblies"/>.
/// Advertised so scheduling can refuse a call no live worker on its queue may make.
/// </summary>
internal static class CallableAssemblies
{
    /// <summary>
    /// The names, in ordinal order; empty when method calls are off or not handled here; null when the settings cannot
    /// be read (invalid: the worker does not start then), so nothing is refused on their account.
    /// </summary>
    public static IReadOnlyList<string>? Of(bool handled, IOptions<MethodCallOptions> options, IOptions<PluginOptions> plugins)
    {
        MethodCallOptions calls;
        string? folder;
        try
        {
            calls = options.Value;
            folder = plugins.Value.Folder;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
        if (!handled || !calls.Enabled) return [];
        var names = new List<string>(calls.AllowedAssemblies);
        if (Assembly.GetEntryAssembly()?.GetName().Name is { } entry) names.Add(entry);
        names.AddRange(InFolder(folder));
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }

    // Read from each file's metadata, not loaded: the resolver loads the folder only when a call needs it, and finds an
    // assembly by its own name, which need not be the file's. What the resolver cannot read it skips, and so does this.
    private static IEnumerable<string> InFolder(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder)) return [];
        List<string> paths;
        try { paths = PluginFolder.AssemblyPaths(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        var names = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (AssemblyName.GetAssemblyName(path).Name is { } name) names.Add(name);
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException or ArgumentException or System.Security.SecurityException)
            {
                // Not an assembly, or unreadable: the resolver skips it as well.
            }
        }
        return names;
    }
}
