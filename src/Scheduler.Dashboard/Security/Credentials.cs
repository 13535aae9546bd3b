using System.Security.Cryptography;
using System.Text;

namespace Scheduler.Dashboard.Security;

/// <summary>Checks a request's basic-auth credentials or API key against the configured ones, in constant time.</summary>
internal static class Credentials
{
    public static bool Valid(HttpRequest request, AccessOptions settings) => Identify(request, settings) is not null;

    /// <summary>Who the valid credentials name (the basic-auth user, or the API key's name); null when there are none valid.</summary>
    public static string? Identify(HttpRequest request, AccessOptions settings)
    {
        if (settings.HasApiKey && request.Headers.TryGetValue(settings.ApiKeyHeader, out var key) && Same(key.ToString(), settings.ApiKey!))
            return settings.ApiKeyName;
        if (!settings.HasBasic || request.Headers.Authorization.ToString() is not { } header
            || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return null; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return null;
        // Both halves are always compared, so timing does not reveal which one was wrong.
        var userOk = Same(decoded[..colon], settings.Username!);
        var passwordOk = Same(decoded[(colon + 1)..], settings.Password!);
        return userOk & passwordOk ? settings.Username : null;
    }

    /// <summary>Whether the request carries credentials of a configured kind (basic auth, the API key header), right or wrong.</summary>
    public static bool Presented(HttpRequest request, AccessOptions settings) =>
        (settings.HasApiKey && request.Headers.ContainsKey(settings.ApiKeyHeader))
        || (settings.HasBasic && request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase));

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
