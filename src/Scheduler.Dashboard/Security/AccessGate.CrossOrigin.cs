namespace Scheduler.Dashboard.Security;

internal sealed partial class AccessGate
{
    /// <summary>
    /// Null when the request may proceed; otherwise why it is refused. Reads need no check (a browser keeps another
    /// origin from reading the answers: no CORS headers are ever sent), but a write takes effect even when its answer
    /// is unreadable, and a browser lets any page open a WebSocket anywhere. Non-browser clients send no Origin and
    /// no Sec-Fetch-Site and are not affected.
    /// </summary>
    private static string? CrossOriginProblem(HttpContext context, AccessOptions settings)
    {
        var request = context.Request;
        var webSocket = context.WebSockets.IsWebSocketRequest;
        if (!webSocket && !IsStateChanging(request.Method)) return null;
        var what = webSocket ? "WebSocket connections" : "state-changing requests (POST, PUT, PATCH, DELETE)";
        var own = $"{request.Scheme}://{request.Host}";
        var fix = $"{what} must come from the dashboard's own pages ({own}); add the origin to {S}:AllowedOrigins if it is yours";
        var origins = request.Headers.Origin;
        if (origins.Count > 1) return $"the request carries {origins.Count} Origin headers; {fix}";
        if (origins.Count == 1)
        {
            var value = origins.ToString();
            if (!Origins.TryParse(value, out var origin)) return $"Origin \"{value}\" is not the dashboard's; {fix}";
            if (Origins.IsAllowed(origin, settings.AllowedOrigins)) return null;
            if (!Origins.IsSameAs(origin, request)) return $"Origin \"{value}\" is not the dashboard's; {fix}";
        }
        // Sec-Fetch-Site is set by the browser and cannot be forged by a page: "cross-site" means another site made it.
        if (request.Headers["Sec-Fetch-Site"].ToString().Equals("cross-site", StringComparison.OrdinalIgnoreCase))
            return $"the browser says this request was made by another site (Sec-Fetch-Site: cross-site); {fix}";
        return null;
    }

    private static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
