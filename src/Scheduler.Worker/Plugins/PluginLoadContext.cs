using System.Reflection;
using System.Runtime.Loader;
using Scheduler.Contracts.Plugins;

namespace Scheduler.Worker.Plugins;

/// <summary>
/// Loads one plugin assembly and its private dependencies in isolation. Scheduler.Contracts is always taken from the
/// worker's default context so <see cref="ISchedulerPlugin"/> is the same type on both sides; a plugin-local copy of
/// it would make every cast fail.
/// </summary>
internal sealed class PluginLoadContext(string assemblyPath) : AssemblyLoadContext($"plugin:{Path.GetFileNameWithoutExtension(assemblyPath)}")
{
    private static readonly string SharedAssembly = typeof(ISchedulerPlugin).Assembly.GetName().Name!;
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name == SharedAssembly) return null; // null = fall back to the default context
        return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
