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
}
