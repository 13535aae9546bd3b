using System.Reflection;

namespace Scheduler.Contracts.MethodCalls;

/// <summary>
/// The type declaring the method a <see cref="MethodCallTask"/> names, found as the worker's resolver finds it but only
/// among the assemblies this process has loaded (a caller that scheduled a lambda has its service's). A worker calls a
/// method a type inherits only when the base type's assembly may be called too, so the schedule-time check needs it.
/// </summary>
internal static class MethodCallDeclaringType
{
    private const BindingFlags Methods = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;

    /// <summary>
    /// The declaring type, or null when it is not known here: the service's assembly is not loaded in this process (a call
    /// written by hand, through REST or the CLI, for types only the worker has), or no single public method matches.
    /// </summary>
    public static Type? Of(MethodCallTask call)
    {
        if (call.ParameterTypes is null || LoadedType(call.Service) is not { ContainsGenericParameters: false } service) return null;
        var generic = call.GenericArguments is { Count: > 0 };
        var candidates = service.GetMethods(Methods)
            .Concat(service.IsInterface ? service.GetInterfaces().SelectMany(i => i.GetMethods(Methods)) : [])
            .Where(m => m.Name == call.Method && m.GetParameters().Length == call.ParameterTypes.Count && m.IsGenericMethodDefinition == generic)
            .ToList();
        // The overload the parameter types name; a generic method's name its type parameters, so there any one declaring type all share.
        var named = candidates.Where(m => m.GetParameters().Select(p => MethodCallTypeNames.Of(p.ParameterType)).SequenceEqual(call.ParameterTypes)).ToList();
        var declaring = (named.Count > 0 ? named : candidates).Select(m => m.DeclaringType).Distinct().ToList();
        return declaring is [{ } one] ? one : null;
    }

    // Never loads an assembly: a name a REST caller sends must not make the dashboard load code.
    private static Type? LoadedType(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var loaded = AppDomain.CurrentDomain.GetAssemblies();
        try
        {
            return Type.GetType(name, wanted => loaded.FirstOrDefault(a => string.Equals(a.GetName().Name, wanted.Name, StringComparison.OrdinalIgnoreCase)),
                typeResolver: null, throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
