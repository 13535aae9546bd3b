using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.MethodCalls;

/// <summary>
/// Calls a public method of a .NET type on the worker, with arguments captured when it was scheduled. Built from a
/// lambda by <c>SchedulerClient.ScheduleAsync(s =&gt; s.Send(42), spec)</c> or <see cref="Capture{TService}(System.Linq.Expressions.Expression{Func{TService, Task}})"/>.
/// The worker resolves <see cref="Service"/> from its own DI container (else creates it with its dependencies), or
/// finds it in an assembly of its plugins folder; the method's return value is the run's result, as JSON.
/// </summary>
/// <param name="Service">The type whose method is called, as "Namespace.Type, Assembly" (no version).</param>
/// <param name="Method">The method's name.</param>
/// <param name="ParameterTypes">The method's parameter types, in the same form; they pick the overload.</param>
/// <param name="Arguments">One JSON value per parameter; a <see cref="CancellationToken"/> parameter holds null and receives the run's token.</param>
/// <param name="GenericArguments">The type arguments of a generic method; none when null.</param>
[TaskType("method_call")]
public sealed partial record MethodCallTask(
    string Service,
    string Method,
    IReadOnlyList<string> ParameterTypes,
    IReadOnlyList<JsonElement> Arguments,
    IReadOnlyList<string>? GenericArguments = null) : TaskDefinition
{
    private const int MaxNameLength = 1024;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (string.IsNullOrWhiteSpace(Service) || Service.Length > MaxNameLength || Service.Any(char.IsControl))
            yield return $"method_call \"service\" is {Describe(Service)}; expected a type name such as \"MyApp.Reports, MyApp\"";
        else if (MethodCallTypeNames.IsOpenGeneric(Service))
            yield return $"method_call \"service\" {Describe(Service)} is an open generic type; expected its type arguments, as in " +
                "\"MyApp.Repository`1[[MyApp.Order, MyApp]], MyApp\"";
        if (string.IsNullOrWhiteSpace(Method) || Method.Length > 256 || !Method.All(c => char.IsLetterOrDigit(c) || c == '_'))
            yield return $"method_call \"method\" is {Describe(Method)}; expected a method name (letters, digits, '_')";
        if (ParameterTypes is null || ParameterTypes.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > MaxNameLength))
            yield return "method_call \"parameterTypes\" is missing or has an empty name; expected one type name per parameter";
        else if ((Arguments?.Count ?? 0) != ParameterTypes.Count)
            yield return $"method_call \"arguments\" has {Arguments?.Count ?? 0} values for {ParameterTypes.Count} parameters; expected one per parameter";
        if (GenericArguments is not null && GenericArguments.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > MaxNameLength))
            yield return "method_call \"genericArguments\" has an empty type name";
    }

    /// <summary>The call as a person reads it: <c>ReportService.SendReport(7, "weekly")</c> (long arguments shortened).</summary>
    public string Describe()
    {
        var arguments = (Arguments ?? []).Select((a, i) =>
            i < (ParameterTypes?.Count ?? 0) && MethodCallTypeNames.IsCancellationToken(ParameterTypes![i]) ? "CancellationToken"
            : Shorten(a.ValueKind == JsonValueKind.Undefined ? "null" : JsonSerializer.Serialize(a, MethodCallJson.Options), 40));
        return $"{MethodCallTypeNames.ShortName(Service ?? "")}.{Method}({string.Join(", ", arguments)})";
    }

    private static string Shorten(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;

    private static string Describe(string? value) => string.IsNullOrEmpty(value) ? "empty" : $"\"{Shorten(value, 80)}\"";
}
