namespace Scheduler.Dashboard.Security;

/// <summary>
/// Who may use the dashboard and API from other machines. Loopback requests are always allowed; any other request
/// needs basic-auth credentials or the API key configured here, and with none configured it is refused.
/// Bound from <c>Scheduler:Dashboard:Access</c>.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Scheduler:Dashboard:Access";

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>Header carrying the API key.</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    internal bool HasBasic => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
    internal bool HasApiKey => !string.IsNullOrEmpty(ApiKey);
}
