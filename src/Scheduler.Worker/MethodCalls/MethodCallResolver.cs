using System.Reflection;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.MethodCalls;

/// <summary>
/// Finds the type and method a <see cref="MethodCallTask"/> names, in the worker host's own assemblies or the plugins
/// folder's, and checks this worker may call it. Anything missing or refused is a <see cref="NonRetryableTaskException"/>
/// naming type, method and assembly: no retry can make a type appear.
/// </summary>
internal sealed class MethodCallResolver(PluginAssemblies plugins, IOptions<MethodCallOptions> options)
{
    private const BindingFlags Methods = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;

    public (Type Service, MethodInfo Method) Resolve(MethodCallTask task)
    {
        if (!options.Value.Enabled)
            throw new NonRetryableTaskException($"method calls are switched off on this worker ({MethodCallOptions.Section}:Enabled is false); {Call(task)} was not run");
        var service = FindType(task.Service)
            ?? throw new NonRetryableTaskException(
                $"type \"{FullName(task.Service)}\" (assembly \"{MethodCallTypeNames.AssemblyOf(task.Service)}\") is not found on this worker " +
                $"(host {Assembly.GetEntryAssembly()?.GetName().Name}, plugins folder {Describe(plugins.Folder)}), so {Call(task)} cannot run; " +
                "run your app's own worker host (AddSchedulerWorker) on this task's queue, or put the assembly in the plugins folder");
        if (service.ContainsGenericParameters)
            throw new NonRetryableTaskException(
                $"type \"{service.FullName}\" (assembly \"{service.Assembly.GetName().Name}\") is an open generic type, so {Call(task)} cannot run; " +
                "name it with its type arguments");
        CheckAllowed(task, service);
        var method = FindMethod(task, service);
        CheckAllowed(task, method);
        // Capture refuses these too; a task written by hand (API, CLI) or scheduled before the method became async void does not pass there.
        if (MethodCallCapture.IsAsyncVoid(method))
            throw new NonRetryableTaskException(
                $"method {method.DeclaringType!.FullName}.{method.Name} is async void, so a worker cannot wait for it: it would be recorded as " +
                "succeeded at its first await and an exception after that would crash the worker; make it return Task");
        return (service, method);
    }

    private Type? FindType(string name)
    {
        try
        {
            // Default context first (the host's own types win), then the plugins folder.
            return Type.GetType(name, an => LoadDefault(an) ?? plugins.Find(an.Name), typeResolver: null, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or ArgumentException or TypeLoadException)
        {
            return null;
        }
    }

    private static Assembly? LoadDefault(AssemblyName name)
    {
        try { return Assembly.Load(name); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
    }

    private void CheckAllowed(MethodCallTask task, Type service)
    {
        var assembly = service.Assembly.GetName().Name!;
        if (!service.IsVisible)
            throw new NonRetryableTaskException($"type \"{service.FullName}\" (assembly \"{assembly}\") is not public; {Call(task)} is not run");
        // Being registered in DI is not enough: the container also holds the host's lifetime, the Redis connection and
        // other framework services a hand-written task must not reach.
        if (!IsAllowed(service.Assembly))
            throw new NonRetryableTaskException(
                $"type \"{service.FullName}\" (assembly \"{assembly}\") may not be called on this worker: it is not in the worker host's own program " +
                $"nor its plugins folder, and \"{assembly}\" is not listed in {MethodCallOptions.Section}:AllowedAssemblies (or AllowMethodCallsOn<T>())");
        if (service.IsConstructedGenericType) CheckTypeArguments(task, service.GetGenericArguments());
    }

    // An allowed type can still lead into framework code: through a method it inherits (class ApiClient : HttpClient
    // reaches GetStringAsync) or a type argument (Repository<T> creating or resolving a T). Both are held to the same list.
    private void CheckAllowed(MethodCallTask task, MethodInfo method)
    {
        var declaring = method.DeclaringType!;
        if (!IsAllowed(declaring.Assembly))
        {
            var assembly = declaring.Assembly.GetName().Name;
            throw new NonRetryableTaskException(
                $"method {method.Name} of {Call(task)} is declared by type \"{declaring.FullName}\" (assembly \"{assembly}\"), which may not be called on this " +
                $"worker: \"{assembly}\" is not the worker host's own program, its plugins folder nor listed in {MethodCallOptions.Section}:AllowedAssemblies; " +
                "call a method your type declares itself");
        }
        if (method.IsGenericMethod) CheckTypeArguments(task, method.GetGenericArguments());
    }

    private void CheckTypeArguments(MethodCallTask task, IEnumerable<Type> arguments)
    {
        foreach (var argument in arguments)
        {
            if (IsAllowedTypeArgument(argument)) continue;
            var assembly = argument.Assembly.GetName().Name;
            throw new NonRetryableTaskException(
                $"type argument \"{argument.FullName}\" (assembly \"{assembly}\") of {Call(task)} may not be used on this worker: type arguments are " +
                $"types of the worker host's own program, its plugins folder or {MethodCallOptions.Section}:AllowedAssemblies, or .NET's primitive and " +
                "value types and string");
        }
    }

    private bool IsAllowedTypeArgument(Type type)
    {
        if (type.HasElementType) return IsAllowedTypeArgument(type.GetElementType()!);
        var plain = type == typeof(string) || (type.IsValueType && type.Assembly == typeof(object).Assembly) || IsAllowed(type.Assembly);
        return plain && (!type.IsConstructedGenericType || type.GetGenericArguments().All(IsAllowedTypeArgument));
    }

    private bool IsAllowed(Assembly assembly) =>
        assembly == Assembly.GetEntryAssembly()
        || plugins.Contains(assembly)
        || options.Value.AllowedAssemblies.Contains(assembly.GetName().Name!, StringComparer.OrdinalIgnoreCase);

    private MethodInfo FindMethod(MethodCallTask task, Type service)
    {
        var candidates = service.GetMethods(Methods)
            .Concat(service.IsInterface ? service.GetInterfaces().SelectMany(i => i.GetMethods(Methods)) : [])
            .Where(m => m.Name == task.Method && m.GetParameters().Length == task.ParameterTypes.Count)
            .ToList();
        var generic = task.GenericArguments is { Count: > 0 } names ? ResolveGenericArguments(task, names) : null;
        foreach (var candidate in candidates)
        {
            var method = candidate;
            if (generic is not null)
            {
                if (!candidate.IsGenericMethodDefinition || candidate.GetGenericArguments().Length != generic.Length) continue;
                try { method = candidate.MakeGenericMethod(generic); }
                catch (ArgumentException) { continue; }
            }
            else if (candidate.IsGenericMethodDefinition) continue;
            if (method.GetParameters().Zip(task.ParameterTypes).All(p => Names(p.First.ParameterType, p.Second, service))) return method;
        }
        var named = service.GetMethods(Methods).Where(m => m.Name == task.Method).Select(Signature).ToList();
        throw new NonRetryableTaskException(
            $"method {task.Method}({string.Join(", ", task.ParameterTypes.Select(MethodCallTypeNames.ShortName))}) is not found on type " +
            $"\"{service.FullName}\" (assembly \"{service.Assembly.GetName().Name}\"); public methods named {task.Method} there: " +
            (named.Count == 0 ? "none" : string.Join("; ", named)));
    }

    // What capture writes (assembly-qualified, "System.Int32, System.Private.CoreLib") matches as written; a task typed by
    // hand (REST, CLI) may also name a type as C# does ("int", "string[]"), by full name alone ("System.Int32"), or a
    // type of the service's own assembly without its assembly ("MyApp.Options").
    private bool Names(Type parameter, string name, Type service)
    {
        if (MethodCallTypeNames.Of(parameter) == name) return true;
        var bare = name.Trim();
        if (bare.EndsWith("[]", StringComparison.Ordinal))
            return parameter.IsSZArray && Names(parameter.GetElementType()!, bare[..^2], service);
        if (bare.EndsWith('?'))
            return Nullable.GetUnderlyingType(parameter) is { } underlying && Names(underlying, bare[..^1], service);
        // As C# writes a generic type: "IReadOnlyDictionary<string, int>", its definition by name alone or in full.
        if (MethodCallTypeNames.CSharpGeneric(bare) is { } generic)
        {
            if (!parameter.IsConstructedGenericType) return false;
            var definition = parameter.GetGenericTypeDefinition();
            var definitionName = definition.FullName![..definition.FullName!.IndexOf('`')];
            var arguments = parameter.GetGenericArguments();
            return arguments.Length == generic.Arguments.Count
                && (generic.Definition == definitionName || generic.Definition == definitionName[(definitionName.LastIndexOfAny(['.', '+']) + 1)..])
                && arguments.Zip(generic.Arguments).All(a => Names(a.First, a.Second, service));
        }
        var alias = CSharpAliases.GetValueOrDefault(bare);
        if (alias is not null) return parameter == alias;
        if (bare == parameter.FullName) return true;
        return MethodCallTypeNames.AssemblyOf(bare).Length == 0 ? service.Assembly.GetType(bare) == parameter : FindType(bare) == parameter;
    }

    private static readonly Dictionary<string, Type> CSharpAliases = new(StringComparer.Ordinal)
    {
        ["bool"] = typeof(bool), ["byte"] = typeof(byte), ["sbyte"] = typeof(sbyte), ["char"] = typeof(char), ["short"] = typeof(short),
        ["ushort"] = typeof(ushort), ["int"] = typeof(int), ["uint"] = typeof(uint), ["long"] = typeof(long), ["ulong"] = typeof(ulong),
        ["float"] = typeof(float), ["double"] = typeof(double), ["decimal"] = typeof(decimal), ["string"] = typeof(string), ["object"] = typeof(object),
    };

    private Type[] ResolveGenericArguments(MethodCallTask task, IReadOnlyList<string> names) =>
        [.. names.Select(n => FindType(n) ?? throw new NonRetryableTaskException(
            $"type argument \"{FullName(n)}\" (assembly \"{MethodCallTypeNames.AssemblyOf(n)}\") of {Call(task)} is not found on this worker"))];

    private static string Signature(MethodInfo m) => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => CSharpName(p.ParameterType)))})";

    // "IReadOnlyDictionary<string, int>", not "IReadOnlyDictionary`2": a form "parameterTypes" takes back (a type of
    // another assembly than the service's needs its full name there).
    private static string CSharpName(Type type)
    {
        if (type.IsSZArray) return CSharpName(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return CSharpName(underlying) + "?";
        if (CSharpAliases.FirstOrDefault(a => a.Value == type).Key is { } alias) return alias;
        var tick = type.Name.IndexOf('`');
        return type.IsConstructedGenericType && tick > 0
            ? $"{type.Name[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>"
            : type.Name;
    }

    private static string Call(MethodCallTask task) => $"{FullName(task.Service)}.{task.Method}";

    private static string FullName(string name)
    {
        var assembly = MethodCallTypeNames.AssemblyOf(name);
        return assembly.Length == 0 ? name : name[..name.LastIndexOf(assembly, StringComparison.Ordinal)].TrimEnd(' ', ',');
    }

    private static string Describe(string? folder) => string.IsNullOrWhiteSpace(folder) ? "not set" : $"\"{folder}\"";
}
