using System.ComponentModel.DataAnnotations;

namespace Scheduler.Dashboard.Hosting;

/// <summary>Where the dashboard listens. Bound from <c>Scheduler:Dashboard</c>.</summary>
public sealed class SchedulerDashboardOptions
{
    public const string Section = "Scheduler:Dashboard";

    /// <summary>TCP port; 5555 by default.</summary>
    [Range(1, 65535, ErrorMessage = "Scheduler:Dashboard:Port must be 1..65535")]
    public int Port { get; set; } = 5555;

    /// <summary>Interface to bind: "localhost" by default, "0.0.0.0" in containers.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "localhost";

    /// <summary>How often the live-events WebSocket (<c>/ws/events</c>) pings its client; 15 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Scheduler:Dashboard:EventsPingInterval must be 00:00:01..01:00:00")]
    public TimeSpan EventsPingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a live-events WebSocket client may leave a ping unanswered before it is dropped; 30 s by default. A
    /// client gone without closing (a sleeping laptop, a dropped network) or not reading what it is sent would otherwise
    /// hold its connection and its event subscription for good.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Scheduler:Dashboard:EventsClientTimeout must be 00:00:01..01:00:00")]
    public TimeSpan EventsClientTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
