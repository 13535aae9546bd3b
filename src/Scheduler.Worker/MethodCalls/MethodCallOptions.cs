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
}
