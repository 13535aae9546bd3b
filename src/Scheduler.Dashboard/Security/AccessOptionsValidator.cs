using Microsoft.Extensions.Options;

namespace Scheduler.Dashboard.Security;

/// <summary>Checks <see cref="AccessOptions"/> at start; every problem is reported at once, naming the setting and what it accepts.</summary>
internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        const string S = AccessOptions.Section;
        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
            errors.Add($"{S} needs both Username and Password, or neither");
        if (string.IsNullOrEmpty(options.ViewerUsername) != string.IsNullOrEmpty(options.ViewerPassword))
            errors.Add($"{S} needs both ViewerUsername and ViewerPassword, or neither");
        if (options.HasBasic && options.HasViewerBasic && string.Equals(options.Username, options.ViewerUsername, StringComparison.OrdinalIgnoreCase))
            errors.Add($"{S}:ViewerUsername is the same as Username; the read-only viewer needs a name of its own");
        if (options.HasApiKey && options.HasViewerApiKey && options.ApiKey == options.ViewerApiKey)
            errors.Add($"{S}:ViewerApiKey is the same as ApiKey; the read-only key must differ from the operator's");
        if (string.IsNullOrWhiteSpace(options.ApiKeyHeader))
            errors.Add($"{S}:ApiKeyHeader must not be empty (default X-Api-Key)");
        if (string.IsNullOrWhiteSpace(options.ApiKeyName) || options.ApiKeyName.Length > 200 || options.ApiKeyName.Any(char.IsControl))
            errors.Add($"{S}:ApiKeyName must be 1 to 200 characters without control characters (default api-key)");
        if (!options.TrustLoopback && !options.HasBasic && !options.HasApiKey && (options.HasViewerBasic || options.HasViewerApiKey))
            errors.Add($"{S}:TrustLoopback is false and only the read-only viewer credentials are configured, so nothing could be changed: set {S}:Username and Password, or ApiKey");
        else if (!options.TrustLoopback && !options.HasBasic && !options.HasApiKey)
            errors.Add($"{S}:TrustLoopback is false but no credentials are configured, so every request would be refused: set {S}:Username and Password, or ApiKey");
        for (var i = 0; i < options.AllowedHosts.Length; i++)
            if (HostNames.ProblemWithAllowedHost(options.AllowedHosts[i]) is { } problem)
                errors.Add($"{S}:AllowedHosts:{i} \"{options.AllowedHosts[i]}\" {problem}");
        for (var i = 0; i < options.AllowedOrigins.Length; i++)
            if (Origins.ProblemWithAllowedOrigin(options.AllowedOrigins[i]) is { } problem)
                errors.Add($"{S}:AllowedOrigins:{i} \"{options.AllowedOrigins[i]}\" {problem}");
        var lockout = options.Lockout;
        if (lockout.MaxFailures is < 1 or > 1000)
            errors.Add($"{S}:Lockout:MaxFailures is {lockout.MaxFailures}; expected 1..1000 (default 10; set {S}:Lockout:Enabled=false to turn the lockout off)");
        if (lockout.Window <= TimeSpan.Zero || lockout.Window > TimeSpan.FromDays(1))
            errors.Add($"{S}:Lockout:Window is {lockout.Window}; expected more than 0 and at most 1.00:00:00 (default 00:05:00)");
        if (lockout.Duration < TimeSpan.FromSeconds(1) || lockout.Duration > TimeSpan.FromDays(1))
            errors.Add($"{S}:Lockout:Duration is {lockout.Duration}; expected 00:00:01 to 1.00:00:00 (default 00:15:00)");
        // Beyond the Redis client's own 5 s timeout a longer bound would never be reached.
        if (lockout.RedisTimeout < TimeSpan.FromMilliseconds(10) || lockout.RedisTimeout > TimeSpan.FromSeconds(5))
            errors.Add($"{S}:Lockout:RedisTimeout is {lockout.RedisTimeout}; expected 00:00:00.010 to 00:00:05 (default 00:00:00.300)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
