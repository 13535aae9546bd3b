namespace Scheduler.Dashboard.Security;

/// <summary>Origins (scheme, host, port) as browsers send them in the Origin header.</summary>
internal static class Origins
{
    /// <summary>Parses "scheme://host[:port]" (http or https, nothing after the authority but an optional "/").</summary>
    public static bool TryParse(string? value, out (string Scheme, string Host, int Port) origin)
    {
        origin = default;
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return false;
        origin = (uri.Scheme, uri.Host, uri.Port);
        return true;
    }

    /// <summary>Whether the origin is the request's own: same scheme, host and port as its Host header.</summary>
    public static bool IsSameAs((string Scheme, string Host, int Port) origin, HttpRequest request) =>
        origin.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
        && origin.Host.Equals(request.Host.Host, StringComparison.OrdinalIgnoreCase)
        && origin.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));

    public static bool IsAllowed((string Scheme, string Host, int Port) origin, IEnumerable<string> allowed) =>
        allowed.Any(entry => TryParse(entry, out var a) && a.Scheme == origin.Scheme && a.Port == origin.Port
            && a.Host.Equals(origin.Host, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why a configured allowed origin is unusable, or null when it is fine.</summary>
    public static string? ProblemWithAllowedOrigin(string? entry) =>
        TryParse(entry, out _) ? null : "is not an origin: give scheme://host[:port] with http or https and no path, e.g. https://ops.example.com";
}
