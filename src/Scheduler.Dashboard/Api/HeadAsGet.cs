namespace Scheduler.Dashboard.Api;

/// <summary>
/// Answers HEAD on the API and /health as the GET of the same path would be answered, headers and status alike, but
/// without a body (HTTP's meaning of HEAD: uptime checks and link checkers use it). Minimal API routes match GET only.
/// Runs behind the access gate, which lets HEAD through wherever it lets GET.
/// </summary>
internal sealed class HeadAsGet(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method)
            || !(context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/health")))
        {
            await next(context);
            return;
        }
        // The event stream never ends: its GET would hold a HEAD open for good. Its headers are all a HEAD can learn.
        if (context.Request.Path.Equals("/api/events", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "text/event-stream";
            return;
        }
        context.Request.Method = HttpMethods.Get;
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try { await next(context); }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    }
}
