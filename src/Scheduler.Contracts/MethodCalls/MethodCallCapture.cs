using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Scheduler.Contracts.Client;

namespace Scheduler.Contracts.MethodCalls;

/// <summary>
/// Turns a lambda into a <see cref="MethodCallTask"/> at schedule time: one method call, on the lambda's parameter (or
/// static), public, with every argument evaluated now and checked to survive a JSON round trip. Anything else is an
/// <see cref="InvalidTaskException"/> naming the lambda and what to write instead.
/// </summary>
internal static class MethodCallCapture
{
    public static MethodCallTask Capture(LambdaExpression call, Type? service)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = StripConvert(call.Body);
        if (body is not MethodCallExpression invocation)
            throw Invalid(call, "is not a method call; expected a single call such as s => s.Send(42) or () => Reports.Send(42)");
        var method = invocation.Method;
        var target = service ?? method.DeclaringType!;
        var errors = new List<string>();
        CheckTarget(call, invocation, service, errors);
        CheckVisibility(call, method, target, errors);
        if (errors.Count > 0) throw new InvalidTaskException(errors);

        var parameters = method.GetParameters();
        var arguments = new JsonElement[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var (value, error) = CaptureArgument(call, parameters[i], invocation.Arguments[i], i);
            if (error is not null) errors.Add(error);
            else arguments[i] = value;
        }
        if (errors.Count > 0) throw new InvalidTaskException(errors);

        return new MethodCallTask(
            MethodCallTypeNames.Of(target),
            method.Name,
            [.. parameters.Select(p => MethodCallTypeNames.Of(p.ParameterType))],
            arguments,
            method.IsGenericMethod ? [.. method.GetGenericArguments().Select(MethodCallTypeNames.Of)] : null);
    }

    private static void CheckTarget(LambdaExpression call, MethodCallExpression invocation, Type? service, List<string> errors)
    {
        var method = invocation.Method;
        if (service is null)
        {
            if (!method.IsStatic)
                errors.Add($"{Show(call)} calls an instance method on a captured object; to have the worker resolve the service, " +
                    $"write ScheduleAsync<{method.DeclaringType!.Name}>(s => s.{method.Name}(…))");
            return;
        }
        if (method.IsStatic)
        {
            errors.Add($"{Show(call)} calls the static method {method.DeclaringType!.Name}.{method.Name}" +
                (method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)) ? " (an extension method)" : "") +
                $"; call a method of the service itself (s => s.Method(…)), or schedule a static method with ScheduleAsync(() => {method.DeclaringType.Name}.{method.Name}(…))");
            return;
        }
        if (StripConvert(invocation.Object!) != call.Parameters[0])
            errors.Add($"{Show(call)} calls {method.Name} on {CapturedNames.Show(invocation.Object!)}, not on the service parameter " +
                $"'{call.Parameters[0].Name}'; expected {call.Parameters[0].Name} => {call.Parameters[0].Name}.{method.Name}(…)");
    }

    private static void CheckVisibility(LambdaExpression call, MethodInfo method, Type target, List<string> errors)
    {
        if (target.ContainsGenericParameters || method.ContainsGenericParameters)
            errors.Add($"{Show(call)} names an open generic type or method ({target.Name}.{method.Name}); expected closed type arguments");
        if (!target.IsVisible)
            errors.Add($"{Show(call)}: type {target.FullName} is not public; a worker calls public types only");
        else if (!method.DeclaringType!.IsVisible)
            errors.Add($"{Show(call)}: type {method.DeclaringType.FullName} declaring {method.Name} is not public; a worker calls public types only");
        if (!method.IsPublic)
            errors.Add($"{Show(call)}: method {method.Name} is not public; a worker calls public methods only");
        if (IsAsyncVoid(method))
            errors.Add($"{Show(call)}: method {method.Name} is async void, so a worker cannot tell when it ends or whether it failed " +
                "(and an exception after its first await would crash the worker); make it return Task");
    }

    /// <summary>
    /// An <c>async void</c> method returns at its first await: the run would be recorded as succeeded there, and an
    /// exception thrown later goes to the synchronization context, which on a worker crashes the process.
    /// </summary>
    internal static bool IsAsyncVoid(MethodInfo method) =>
        method.ReturnType == typeof(void) && method.IsDefined(typeof(System.Runtime.CompilerServices.AsyncStateMachineAttribute), inherit: false);

    private static (JsonElement Value, string? Error) CaptureArgument(LambdaExpression call, ParameterInfo parameter, Expression argument, int index)
    {
        var type = parameter.ParameterType;
        var name = $"argument {index + 1} ('{parameter.Name}', {TypeText(type)}) of {Show(call)}";
        // Hangfire's convention: the token's value does not matter, the worker passes the run's own.
        if (type == typeof(CancellationToken)) return (JsonNull, null);
        if (type.IsByRef || parameter.IsOut) return (default, $"{name} is passed by reference; expected parameters passed by value");
        if (type.IsPointer || type.IsByRefLike) return (default, $"{name} cannot be stored; expected a value JSON can hold");
        if (UsesParameters(argument, call.Parameters))
            return (default, $"{name} uses the lambda's parameter '{call.Parameters[0].Name}'; arguments are evaluated when scheduling, so pass values");

        object? value;
        try
        {
            value = Evaluate(argument);
        }
        catch (Exception e)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return (default, $"{name} could not be evaluated: {cause.GetType().Name}: {cause.Message}");
        }
        return ToJson(name, value, type);
    }

    private static (JsonElement, string?) ToJson(string name, object? value, Type type)
    {
        JsonElement json;
        try
        {
            json = JsonSerializer.SerializeToElement(value, type, MethodCallJson.Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return (default, $"{name} cannot be serialized to JSON: {e.Message}");
        }
        try
        {
            var back = JsonSerializer.Deserialize(json, type, MethodCallJson.Options);
            var again = JsonSerializer.SerializeToElement(back, type, MethodCallJson.Options);
            if (again.GetRawText() != json.GetRawText())
                return (default, $"{name} does not survive a JSON round trip ({Shorten(json.GetRawText())} came back as {Shorten(again.GetRawText())}); " +
                    "expected a type whose JSON form holds all its state (settable properties or a constructor taking them)");
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return (default, $"{name} cannot be read back from JSON as {TypeText(type)}: {e.Message}");
        }
        return (json, null);
    }

    // Constants and captured variables (closure fields) are read directly; anything else is compiled once, interpreted.
    private static object? Evaluate(Expression expression)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                return constant.Value;
            case MemberExpression { Member: FieldInfo field } member:
                return field.GetValue(member.Expression is null ? null : Evaluate(member.Expression));
            case MemberExpression { Member: PropertyInfo property } member when property.GetIndexParameters().Length == 0:
                return property.GetValue(member.Expression is null ? null : Evaluate(member.Expression));
            case UnaryExpression { NodeType: ExpressionType.Convert } convert when convert.Type == typeof(object):
                return Evaluate(convert.Operand);
            default:
                return Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
        }
    }

    private static bool UsesParameters(Expression expression, IReadOnlyCollection<ParameterExpression> parameters)
    {
        var finder = new ParameterFinder(parameters);
        finder.Visit(expression);
        return finder.Found;
    }

    private sealed class ParameterFinder(IReadOnlyCollection<ParameterExpression> parameters) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= parameters.Contains(node);
            return node;
        }
    }

    private static Expression StripConvert(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary) expression = unary.Operand;
        return expression;
    }

    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    private static InvalidTaskException Invalid(LambdaExpression call, string problem) => new([$"{Show(call)} {problem}"]);

    private static string Show(LambdaExpression call) => $"the call `{Shorten(CapturedNames.Show(call))}`";

    private static string TypeText(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeText))}>"
        : type.Name;

    private static string Shorten(string text) => text.Length > 120 ? text[..119] + "…" : text;
}
