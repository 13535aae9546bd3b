using System.Reflection;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// A GET of the API refuses a query parameter its endpoint does not read, naming the ones it does: ignored, a misspelt
/// filter (<c>?stauts=paused</c>) answers every task, and a script acting on the answer acts on all of them.
/// </summary>
internal sealed class KnownQueryParameters(RequestDelegate next)
{
    private static readonly HashSet<Type> Scalars =
        [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(double), typeof(DateTimeOffset), typeof(DateTime), typeof(DateOnly), typeof(TimeSpan), typeof(Guid)];

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/api") && context.Request.Query.Count > 0
            && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var accepted = handler.GetParameters().Where(p => p.Name is not null && IsScalar(p.ParameterType)).Select(p => p.Name!)
                .Where(name => !context.Request.RouteValues.ContainsKey(name)).ToList();
            if (context.Request.Query.Keys.FirstOrDefault(key => !accepted.Contains(key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
                throw new ApiInputException($"query parameter {Echo.Quoted(unknown)} is not accepted by GET {context.Request.Path}; accepted: "
                    + (accepted.Count == 0 ? "none" : string.Join(", ", accepted)));
        }
        await next(context);
    }

    private static bool IsScalar(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return Scalars.Contains(inner) || inner.IsEnum || inner == typeof(string[]);
    }
}
