namespace Scheduler.Dashboard.Security;

/// <summary>
/// Who may use the dashboard and API. A request is let in when it comes from loopback to a loopback name (or an
/// allowed host) while <see cref="TrustLoopback"/> is on, or when it carries the basic-auth credentials or API key
/// configured here. State-changing requests and WebSocket connections must also come from the dashboard's own
/// origin (or an allowed one). Bound from <c>Scheduler:Dashboard:Access</c>.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Scheduler:Dashboard:Access";

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>
    /// Optional read-only credentials (the viewer): every page, GET endpoint and event stream, but every write
    /// (POST, PUT, PATCH, DELETE on the API, Hangfire's dashboard actions) is refused with 403.
    /// </summary>
    public string? ViewerUsername { get; set; }
    public string? ViewerPassword { get; set; }

    /// <summary>A read-only API key, sent in <see cref="ApiKeyHeader"/> like the operator's; its requests act as <see cref="ViewerApiKeyName"/>.</summary>
    public string? ViewerApiKey { get; set; }

    /// <summary>Who a request with <see cref="ViewerApiKey"/> is (it can change nothing, so this only shows in logs).</summary>
    public const string ViewerApiKeyName = "viewer-api-key";

    /// <summary>Name recorded as the author (createdBy, changedBy) of what a request with the API key schedules or changes.</summary>
    public string ApiKeyName { get; set; } = "api-key";

    /// <summary>Header carrying the API key.</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>
    /// Let loopback requests in without credentials (on by default). Turn it off behind a reverse proxy on the same
    /// host, where every request arrives from loopback.
    /// </summary>
    public bool TrustLoopback { get; set; } = true;

    /// <summary>
    /// Host names, besides loopback names and addresses, that loopback requests may carry in their Host header and
    /// still be trusted, e.g. a name in /etc/hosts. "*.example" matches subdomains. Never a public DNS name: a
    /// rebinding page can point one at 127.0.0.1.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Origins (scheme://host[:port]) besides the dashboard's own whose pages may change state.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Failed-login limit per client address (<c>Scheduler:Dashboard:Access:Lockout</c>); on by default.</summary>
    public LockoutOptions Lockout { get; set; } = new();

    internal bool HasBasic => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
    internal bool HasApiKey => !string.IsNullOrEmpty(ApiKey);
    internal bool HasViewerBasic => !string.IsNullOrEmpty(ViewerUsername) && !string.IsNullOrEmpty(ViewerPassword);
    internal bool HasViewerApiKey => !string.IsNullOrEmpty(ViewerApiKey);
    internal bool HasAnyCredentials => HasBasic || HasApiKey || HasViewerBasic || HasViewerApiKey;
}
