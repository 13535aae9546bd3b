using System.Reflection;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// A GET of the API refuses a query parameter its endpoint does not read, naming the ones it does: ignored, a misspelt
/// filter (<c>?stauts=paused</c>) answers every task, and a script acting on the answer acts on all of them. A change
/// (POST, PUT, PATCH, DELETE) whose endpoint reads no query parameter refuses any: ignored, <c>?dryRun=true</c> on a
/// backfill, whose dry run goes in the body, queued the runs it was meant to preview. The changes that do read some
/// (the bulk changes, apply, a cleanup run) refuse the others themselves (<see cref="StrictQuery"/>).
/// </summary>
internal sealed class KnownQueryParameters(RequestDelegate next)
{
    private static readonly HashSet<Type> Scalars =
        [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(double), typeof(DateTimeOffset), typeof(DateTime), typeof(DateOnly), typeof(TimeSpan), typeof(Guid)];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // The WebSocket stream too: a misspelt ?typ= would stream every event.
        if ((request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/ws")) && request.Query.Count > 0
            && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var accepted = handler.GetParameters().Where(p => p.Name is not null && IsScalar(p.ParameterType)).Select(p => p.Name!)
                .Where(name => !request.RouteValues.ContainsKey(name)).ToList();
            var unknown = request.Query.Keys.FirstOrDefault(key => !accepted.Contains(key, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null && HttpMethods.IsGet(request.Method))
                throw new ApiInputException($"query parameter {Echo.Quoted(unknown)} is not accepted by GET {request.Path}; accepted: "
                    + (accepted.Count == 0 ? "none" : string.Join(", ", accepted)));
            if (unknown is not null && accepted.Count == 0 && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method))
                throw new ApiInputException($"query parameter {Echo.Quoted(unknown)} is not accepted by {request.Method} {request.Path}; "
                    + "it reads no query parameters: what it takes goes in its path or its JSON body");
        }
        await next(context);
    }

    private static bool IsScalar(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return Scalars.Contains(inner) || inner.IsEnum || inner == typeof(string[]);
    }
}
