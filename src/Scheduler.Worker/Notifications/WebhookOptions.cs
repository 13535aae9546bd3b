using System.ComponentModel.DataAnnotations;

namespace Scheduler.Worker.Notifications;

/// <summary>
/// One webhook notification channel: named options bound from <c>Scheduler:Webhooks:&lt;name&gt;</c> and validated at start;
/// the name is the channel name tasks use.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Scheduler:Webhooks";

    /// <summary>Absolute http(s) URL the notification is POSTed to as JSON.</summary>
    [Required]
    public string Url { get; set; } = "";

    /// <summary>Extra request headers (e.g. Authorization).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-request timeout; the attempt's own timeouts apply as well.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    internal static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
