using System.Security.Cryptography;
using System.Text;

namespace Scheduler.Dashboard.Security;

/// <summary>Checks a request's basic-auth credentials or API key against the configured ones (operator and viewer), in constant time.</summary>
internal static class Credentials
{
    /// <summary>Who the valid credentials name (a basic-auth user, or an API key's name) and their role; null when there are none valid.</summary>
    public static Caller? Identify(HttpRequest request, AccessOptions settings)
    {
        if ((settings.HasApiKey || settings.HasViewerApiKey) && request.Headers.TryGetValue(settings.ApiKeyHeader, out var key))
        {
            // Both keys are always compared (&, not &&), so timing does not reveal which one was nearly right.
            var given = key.ToString();
            var operatorKey = settings.HasApiKey & Same(given, settings.ApiKey ?? "");
            var viewerKey = settings.HasViewerApiKey & Same(given, settings.ViewerApiKey ?? "");
            if (operatorKey) return new(settings.ApiKeyName, false);
            if (viewerKey) return new(AccessOptions.ViewerApiKeyName, true);
        }
        if (!(settings.HasBasic || settings.HasViewerBasic) || request.Headers.Authorization.ToString() is not { } header
            || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        if (Basic(header) is not { } pair) return null;
        var (user, password) = pair;
        // Every half of both pairs is always compared, so timing does not reveal which one was wrong.
        var isOperator = settings.HasBasic & Same(user, settings.Username ?? "") & Same(password, settings.Password ?? "");
        var isViewer = settings.HasViewerBasic & Same(user, settings.ViewerUsername ?? "") & Same(password, settings.ViewerPassword ?? "");
        if (isOperator) return new(settings.Username!, false);
        return isViewer ? new(settings.ViewerUsername!, true) : null;
    }

    /// <summary>Whether the request carries credentials of a configured kind (basic auth, the API key header), right or wrong.</summary>
    public static bool Presented(HttpRequest request, AccessOptions settings) =>
        ((settings.HasApiKey || settings.HasViewerApiKey) && request.Headers.ContainsKey(settings.ApiKeyHeader))
        || ((settings.HasBasic || settings.HasViewerBasic) && request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase));

    /// <summary>The user name a request's basic-auth header carries, right or wrong; null when it has none that decodes.</summary>
    public static string? BasicUser(HttpRequest request) => Basic(request.Headers.Authorization.ToString())?.User;

    private static (string User, string Password)? Basic(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return null; }
        var colon = decoded.IndexOf(':');
        return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
