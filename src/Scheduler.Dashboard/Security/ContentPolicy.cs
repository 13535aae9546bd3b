using System.Security.Cryptography;
using System.Text;
using Scheduler.Dashboard.Pages;

namespace Scheduler.Dashboard.Security;

/// <summary>
/// The Content-Security-Policy of every response. Scripts run only from the dashboard's own origin (Hangfire's bundles)
/// and, inline, only the operator pages' own scripts, allowed by their hashes: markup that slips into a page from a
/// task's name, a run's output or a note cannot run script even if some page failed to encode it. That matters more
/// here than on most sites, since a script running as the operator can schedule shell commands on the workers.
/// </summary>
internal static class ContentPolicy
{
    /// <summary>The header's value; the hashes are of <see cref="OperatorScript.Inline"/>, computed once.</summary>
    public static readonly string Value = Build(OperatorScript.Inline);

    internal static string Build(IEnumerable<string> inlineScripts)
    {
        var hashes = inlineScripts.Distinct(StringComparer.Ordinal)
            .Select(script => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'");
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' {string.Join(' ', hashes)}",
            // Hangfire's pages and ours carry style attributes; styles cannot run script.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }
}
