using Microsoft.Extensions.Options;

namespace Scheduler.Dashboard.Security;

/// <summary>
/// Guards every route (API, events, operator pages, Hangfire's dashboard and its actions). A request passes when it
/// is trusted loopback (from loopback, to a loopback name or an allowed host, with loopback trust on) or carries valid
/// credentials; a state-changing one or a WebSocket must then also come from the dashboard's own origin.
/// </summary>
internal sealed partial class AccessGate(RequestDelegate next, IOptionsMonitor<AccessOptions> options, SharedLoginLockout lockout,
    ILogger<AccessGate> logger)
{
    private const string S = AccessOptions.Section;

    public async Task InvokeAsync(HttpContext context)
    {
        ForbidFraming(context.Response.Headers);
        var settings = options.CurrentValue;
        var distrust = LoopbackDistrust(context, settings);
        var identified = Credentials.Identify(context.Request, settings);
        // Trusted loopback needs no credentials, so its wrong ones are neither guesses nor locked out. A wrong guess is
        // counted before the lock is read: read first, parallel guesses all passed the read before the first of them
        // was counted, and each was answered. The guess that starts the lock is answered as the wrong one it is.
        if (distrust is not null)
        {
            var lockedByThis = identified is null && await CountFailedLoginAsync(context, settings);
            if (!lockedByThis && await RefuseLockedOutAsync(context, settings)) return;
            if (identified is null)
            {
                await RefuseUntrustedAsync(context, settings, distrust);
                return;
            }
        }
        if (CrossOriginProblem(context, settings) is { } problem)
        {
            Refused(context, problem);
            await Results.Problem(problem, statusCode: StatusCodes.Status403Forbidden, title: "Cross-origin request refused").ExecuteAsync(context);
            return;
        }
        if (identified is { ReadOnly: true } && ViewerProblem(context.Request, identified) is { } readOnly)
        {
            Refused(context, readOnly);
            await Results.Problem(readOnly, statusCode: StatusCodes.Status403Forbidden, title: "Read-only access").ExecuteAsync(context);
            return;
        }
        context.User = Actors.Principal(identified?.Name ?? Actors.Local, identified is null ? Actors.LoopbackScheme : Actors.CredentialsScheme,
            identified?.ReadOnly ?? false);
        // For the rest of this request's flow only (an AsyncLocal): its pages and JSON mask what a viewer may not read.
        ViewerRedaction.ForViewer = identified?.ReadOnly ?? false;
        await next(context);
    }

    // On every response, refusals included: no page of the dashboard may be framed, or another page on the same site
    // (another port of localhost, a sibling host behind the same proxy) could lay a decoy over "Run now" or "Delete"
    // and have the user click it. ASP.NET's antiforgery sets SAMEORIGIN only on the response that issues its cookie.
    // The same policy lets no script run but the dashboard's own (ContentPolicy).
    private static void ForbidFraming(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentPolicy.Value;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>Null when the request is trusted loopback; otherwise why it is not.</summary>
    private static string? LoopbackDistrust(HttpContext context, AccessOptions settings)
    {
        var connection = context.Connection;
        // No remote address (a Unix socket) is not trusted: the project's tests run real Kestrel on 127.0.0.1.
        if (connection.RemoteIpAddress is null) return "the request's remote address is unknown (not a TCP connection), so it is not known to be loopback";
        if (!HostNames.IsLoopbackAddress(connection.RemoteIpAddress)) return "the request comes from another machine";
        if (!settings.TrustLoopback) return $"loopback requests are not trusted ({S}:TrustLoopback is false)";
        if (RelayHeaders.FirstIn(context.Request.Headers) is { } relay)
            return $"the request carries {relay}, so a proxy on this machine relayed it from elsewhere: it is not trusted as loopback, whatever "
                + $"its Host (proxies often send the dashboard's own address). Behind a reverse proxy set {S}:TrustLoopback=false";
        var host = context.Request.Host;
        if (!host.HasValue)
            return "the request has no Host header, so it cannot be told apart from a DNS-rebinding page";
        if (HostNames.IsLoopback(host.Host) || HostNames.IsAllowed(host.Host, settings.AllowedHosts)) return null;
        return $"Host \"{host}\" is not a loopback name or address ({HostNames.LoopbackNames}) nor one of {S}:AllowedHosts, "
            + "so this request from the local machine is not trusted (a DNS-rebinding web page sends such requests). "
            + $"Open the dashboard as http://localhost:{context.Connection.LocalPort}/, add the name to {S}:AllowedHosts if it is yours, or send credentials";
    }

    private async Task RefuseUntrustedAsync(HttpContext context, AccessOptions settings, string distrust)
    {
        Refused(context, distrust);
        if (!settings.HasAnyCredentials)
        {
            await Results.Problem($"{distrust}; no credentials are configured, so access other than trusted loopback is disabled: "
                    + $"configure {S}:Username/Password or ApiKey to allow it",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }
        if (settings.HasBasic || settings.HasViewerBasic) context.Response.Headers.WWWAuthenticate = "Basic realm=\"Scheduler\", charset=\"UTF-8\"";
        var accepted = $"basic auth{(settings.HasApiKey || settings.HasViewerApiKey ? $" or the {settings.ApiKeyHeader} header" : "")}";
        // Told apart from none sent: a caller whose key or password is wrong must not be sent looking for a missing header.
        var detail = WrongCredentials(context.Request, settings) is { } sent
            ? $"{distrust}; the credentials sent ({sent}) are not accepted: wrong, or of a kind not configured here. Expected {accepted} "
                + $"with the configured credentials; each wrong try counts towards this address's lockout ({S}:Lockout)"
            : $"{distrust}; credentials required: {accepted}";
        await Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }

    /// <summary>The credentials a request carried, none of them valid, in words (basic auth for user "ops"); null when it carried none.</summary>
    private static string? WrongCredentials(HttpRequest request, AccessOptions settings)
    {
        if (!Credentials.Presented(request, settings)) return null;
        var sent = new List<string>(2);
        if (request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && (settings.HasBasic || settings.HasViewerBasic))
            sent.Add(Credentials.BasicUser(request) is { } user ? $"basic auth for user {Api.Echo.Quoted(user)}" : "basic auth that is not base64 of user:password");
        if ((settings.HasApiKey || settings.HasViewerApiKey) && request.Headers.ContainsKey(settings.ApiKeyHeader)) sent.Add($"the {settings.ApiKeyHeader} header");
        return string.Join(" and ", sent);
    }

    private void Refused(HttpContext context, string reason) =>
        LogRefused(logger, context.Request.Method, context.Request.Path, Address(context),
            context.Request.Host.ToString(), context.Request.Headers.Origin.ToString(), reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {RemoteAddress} (Host \"{Host}\", Origin \"{Origin}\"): {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remoteAddress, string host, string origin, string reason);
}
