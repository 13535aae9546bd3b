using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.MethodCalls;

/// <summary>
/// Runs a <see cref="MethodCallTask"/>: resolves the service from this attempt's DI scope (else creates it with its
/// dependencies), reads the arguments as the parameters' types, passes the attempt's token to a
/// <see cref="CancellationToken"/> parameter, awaits a Task or ValueTask, and returns the method's value as JSON.
/// </summary>
internal sealed class MethodCallHandler(MethodCallResolver resolver, IServiceProvider services) : ITaskHandler<MethodCallTask>
{
    public async Task<string?> HandleAsync(MethodCallTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var (service, method) = resolver.Resolve(task);
        var arguments = ReadArguments(task, method, cancellationToken);
        var (instance, owned) = method.IsStatic ? (null, false) : CreateInstance(service, method);
        try
        {
            // Off the Hangfire worker thread: a method that blocks synchronously must not keep the executor from timing it out.
            var returned = await Task.Run(() => method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, null), CancellationToken.None);
            var (value, type) = await AwaitAsync(returned, method);
            return type is null ? null : ToJson(value, type);
        }
        finally
        {
            if (owned && instance is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (owned && instance is IDisposable disposable) disposable.Dispose();
        }
    }

    private static object?[] ReadArguments(MethodCallTask task, MethodInfo method, CancellationToken cancellationToken)
    {
        var parameters = method.GetParameters();
        var values = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type == typeof(CancellationToken)) { values[i] = cancellationToken; continue; }
            try
            {
                values[i] = task.Arguments[i].ValueKind == JsonValueKind.Undefined ? null : task.Arguments[i].Deserialize(type, MethodCallJson.Options);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw new NonRetryableTaskException(
                    $"argument {i + 1} ('{parameters[i].Name}') of {method.DeclaringType!.Name}.{method.Name} cannot be read as {type.Name}: {e.Message}", e);
            }
        }
        return values;
    }

    private (object Instance, bool Owned) CreateInstance(Type service, MethodInfo method)
    {
        if (services.GetService(service) is { } registered) return (registered, false);
        if (service.IsAbstract)
            throw new NonRetryableTaskException(
                $"no service of type \"{service.FullName}\" (assembly \"{service.Assembly.GetName().Name}\") is registered on this worker, and an " +
                $"{(service.IsInterface ? "interface" : "abstract class")} cannot be created; register it in the worker host to run {method.Name}");
        try
        {
            return (ActivatorUtilities.CreateInstance(services, service), true);
        }
        catch (InvalidOperationException e)
        {
            throw new NonRetryableTaskException(
                $"type \"{service.FullName}\" (assembly \"{service.Assembly.GetName().Name}\") is not registered on this worker and cannot be created: {e.Message}", e);
        }
    }

    /// <summary>The method's value and its declared type; a null type when it returns nothing (void, Task, ValueTask).</summary>
    private static async Task<(object? Value, Type? Type)> AwaitAsync(object? returned, MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void)) return (null, null);
        if (type == typeof(ValueTask)) { await (ValueTask)returned!; return (null, null); }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            returned = type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null);
        if (returned is Task task && typeof(Task).IsAssignableFrom(ReturnedTaskType(type)))
        {
            await task;
            var taskType = ReturnedTaskType(type);
            if (!taskType.IsGenericType) return (null, null);
            return (taskType.GetProperty(nameof(Task<int>.Result))!.GetValue(task), taskType.GetGenericArguments()[0]);
        }
        if (typeof(Task).IsAssignableFrom(type))
            throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} returned a null {type.Name}");
        return (returned, type);
    }

    private static Type ReturnedTaskType(Type declared) =>
        declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>)
            ? typeof(Task<>).MakeGenericType(declared.GetGenericArguments()[0])
            : declared;

    private static string ToJson(object? value, Type type)
    {
        try
        {
            return JsonSerializer.Serialize(value, type, MethodCallJson.Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            // The method has run: failing now would run it again. The history says why the value is missing.
            return JsonSerializer.Serialize($"the result of type {type.Name} cannot be written as JSON: {e.Message}");
        }
    }
}
