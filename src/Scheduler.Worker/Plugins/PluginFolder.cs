namespace Scheduler.Worker.Plugins;

/// <summary>
/// Where assemblies sit in the plugins folder: every <c>*.dll</c> in it, and <c>&lt;sub&gt;/&lt;sub&gt;.dll</c> in each
/// subfolder (a plugin published with its dependencies). One rule for the plugins, the method calls' assemblies and the
/// start-up check of allowed assemblies.
/// </summary>
internal static class PluginFolder
{
    /// <summary>The assembly files of <paramref name="folder"/>, in ordinal order.</summary>
    /// <exception cref="IOException">The folder cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be read.</exception>
    public static List<string> AssemblyPaths(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.dll")
            .Concat(Directory.EnumerateDirectories(folder).Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".dll")).Where(File.Exists))
            .Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="folder"/> holds the assembly named <paramref name="simpleName"/> where a scan finds it.</summary>
    public static bool Holds(string? folder, string simpleName) =>
        !string.IsNullOrWhiteSpace(folder)
        && (File.Exists(Path.Combine(folder, simpleName + ".dll")) || File.Exists(Path.Combine(folder, simpleName, simpleName + ".dll")));
}
