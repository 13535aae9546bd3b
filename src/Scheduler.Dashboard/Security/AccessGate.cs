using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Scheduler.Dashboard.Security;

/// <summary>Guards every route (API, events, Hangfire's dashboard and its actions): loopback, or valid credentials.</summary>
internal sealed class AccessGate(RequestDelegate next, IOptionsMonitor<AccessOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsLoopback(context.Connection) || Authorized(context.Request, options.CurrentValue))
        {
            await next(context);
            return;
        }
        var settings = options.CurrentValue;
        if (!settings.HasBasic && !settings.HasApiKey)
        {
            await Results.Problem("remote access is disabled: configure Scheduler:Dashboard:Access:Username/Password or ApiKey to allow it",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }
        if (settings.HasBasic) context.Response.Headers.WWWAuthenticate = "Basic realm=\"Scheduler\", charset=\"UTF-8\"";
        await Results.Problem($"credentials required: basic auth{(settings.HasApiKey ? $" or the {settings.ApiKeyHeader} header" : "")}",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }

    private static bool IsLoopback(ConnectionInfo connection) =>
        connection.RemoteIpAddress is null ? connection.LocalIpAddress is null : IPAddress.IsLoopback(connection.RemoteIpAddress);

    private static bool Authorized(HttpRequest request, AccessOptions settings)
    {
        if (settings.HasApiKey && request.Headers.TryGetValue(settings.ApiKeyHeader, out var key) && Same(key.ToString(), settings.ApiKey!))
            return true;
        if (!settings.HasBasic || request.Headers.Authorization.ToString() is not { } header
            || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        // Both halves are always compared, so timing does not reveal which one was wrong.
        var userOk = Same(decoded[..colon], settings.Username!);
        var passwordOk = Same(decoded[(colon + 1)..], settings.Password!);
        return userOk & passwordOk;
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
