namespace Scheduler.Dashboard.Api;

/// <summary>
/// Words for the problems routing answers by itself, which come with a title only: a method a route does not take
/// (405) names the methods it does, and a path no endpoint or page has (404) says where the API and the pages are. Problems that
/// already carry a detail (a missing task, a refused value) are left as they are.
/// </summary>
internal static class StatusProblems
{
    /// <summary>For <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null || context.Exception is not null) return;
        var request = context.HttpContext.Request;
        // Cut short: it is quoted back.
        var path = Echo.Of(request.Path.Value ?? "");
        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            StatusCodes.Status405MethodNotAllowed when context.HttpContext.Response.Headers.Allow.ToString() is { Length: > 0 } allow =>
                $"{request.Method} is not accepted by {path}; it takes {allow.Replace(",", " or", StringComparison.Ordinal)}",
            StatusCodes.Status404NotFound when request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) =>
                $"no endpoint of the API at {request.Method} {path}; the API's endpoints are listed in /openapi/v1.json",
            // A page address typed or guessed (/scheduler/new): it was a bare "Not Found", naming neither the path nor
            // where the pages are.
            StatusCodes.Status404NotFound =>
                $"no page at {request.Method} {path}; the dashboard's pages are in its menu at / (Scheduler's under /scheduler/schedules), the API's endpoints in /openapi/v1.json",
            _ => null,
        };
    }
}
