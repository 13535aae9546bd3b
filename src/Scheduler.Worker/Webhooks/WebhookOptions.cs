using System.ComponentModel.DataAnnotations;

namespace Scheduler.Worker.Webhooks;

/// <summary>One webhook notification channel. Bound from <c>Scheduler:Webhooks:&lt;name&gt;</c>; the name is the channel name tasks use.</summary>
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
}
