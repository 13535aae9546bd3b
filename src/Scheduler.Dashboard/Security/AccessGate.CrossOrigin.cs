namespace Scheduler.Dashboard.Security;

internal sealed partial class AccessGate
{
    /// <summary>
    /// Null when the request may proceed; otherwise why it is refused. A write takes effect even when its answer is
    /// unreadable, and a browser lets any page open a WebSocket anywhere, so both must come from the dashboard's own
    /// origin. Reads made by another site's page (not a link followed by the user) are refused as well: the browser
    /// would hide their answers, but their timing and size still leak (XS-Leaks). Non-browser clients send neither
    /// Origin nor Sec-Fetch-Site and are not affected.
    /// </summary>
    private static string? CrossOriginProblem(HttpContext context, AccessOptions settings)
    {
        var request = context.Request;
        var webSocket = context.WebSockets.IsWebSocketRequest;
        // Sec-Fetch-* are set by the browser and cannot be forged by a page: "cross-site" means another site made it.
        var crossSite = request.Headers["Sec-Fetch-Site"].ToString().Equals("cross-site", StringComparison.OrdinalIgnoreCase);
        if (!webSocket && !IsStateChanging(request.Method))
        {
            if (!crossSite || request.Headers["Sec-Fetch-Mode"].ToString().Equals("navigate", StringComparison.OrdinalIgnoreCase)
                || AllowedOrigin(request, settings)) return null;
            return "the browser says another site's page made this request (Sec-Fetch-Site: cross-site); the dashboard's data "
                + $"is served to its own pages ({request.Scheme}://{request.Host}) and to links followed by the user; "
                + $"add the origin to {S}:AllowedOrigins if it is yours";
        }
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
        if (crossSite)
            return $"the browser says this request was made by another site (Sec-Fetch-Site: cross-site); {fix}";
        return null;
    }

    private static bool AllowedOrigin(HttpRequest request, AccessOptions settings) =>
        request.Headers.Origin.Count == 1 && Origins.TryParse(request.Headers.Origin.ToString(), out var origin)
        && Origins.IsAllowed(origin, settings.AllowedOrigins);

    internal static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
