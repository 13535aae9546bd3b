namespace Scheduler.Worker.MethodCalls;

/// <summary>Which method calls this worker runs. Bound from <c>Scheduler:MethodCalls</c>.</summary>
public sealed class MethodCallOptions
{
    public const string Section = "Scheduler:MethodCalls";

    /// <summary>False: every method call fails at once (not retried), saying so.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Names of further assemblies (simple names, "MyCompany.Jobs") whose public types may be called. Without them, a
    /// worker calls only types of its host's own program (the entry assembly) and of the plugins folder's assemblies, so
    /// a task written through the REST API cannot call, say, <c>System.IO.File.Delete</c> or a framework service of the
    /// DI container. A service that lives in a library of your app needs its assembly listed here (or
    /// <c>AllowMethodCallsOn&lt;TService&gt;()</c>).
    /// </summary>
    public string[] AllowedAssemblies { get; set; } = [];

    internal string? Problem() =>
        AllowedAssemblies.FirstOrDefault(a => string.IsNullOrWhiteSpace(a) || a.Contains(',')) is { } bad
            ? $"{Section}:AllowedAssemblies has \"{bad}\"; expected simple assembly names such as MyCompany.Jobs"
            : null;

    // A name no call could reach (misspelt, or its library not deployed with the host) would allow nothing while the
    // operator believes the service callable; the first call would fail only at its first occurrence.
    internal string? UnknownAssembly(string? pluginsFolder) =>
        AllowedAssemblies.FirstOrDefault(a => !Loadable(a) && !Plugins.PluginFolder.Holds(pluginsFolder, a)) is { } unknown
            ? $"{Section}:AllowedAssemblies has \"{unknown}\", which this worker cannot load: it is neither among the host program's " +
              $"assemblies nor in the plugins folder ({(string.IsNullOrWhiteSpace(pluginsFolder) ? "none set" : pluginsFolder)}); check the " +
              "name (an assembly's simple name, such as MyCompany.Jobs) and that its library is published with the worker"
            : null;

    private static bool Loadable(string name)
    {
        try { return System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(name)) is not null; }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException) { return false; }
    }
}
