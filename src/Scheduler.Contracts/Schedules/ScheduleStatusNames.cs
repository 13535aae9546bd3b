using System.Diagnostics.CodeAnalysis;

namespace Scheduler.Contracts.Schedules;

/// <summary>
/// Status names as people and other systems write them: each <see cref="ScheduleStatus"/> by its name in any case, and
/// "pending" (the Scheduler Module's name) for <see cref="ScheduleStatus.Scheduled"/>.
/// </summary>
public static class ScheduleStatusNames
{
    /// <summary>Another name for <see cref="ScheduleStatus.Scheduled"/>.</summary>
    public const string Pending = "pending";

    /// <summary>The accepted names, for error messages.</summary>
    public static string Accepted { get; } =
        string.Join(", ", Enum.GetValues<ScheduleStatus>().Select(s => s == ScheduleStatus.Scheduled ? $"{Name(s)} (or {Pending})" : Name(s)));

    /// <summary>The name a status is written with ("scheduled", "paused", …).</summary>
    public static string Name(ScheduleStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Reads a status name in any case, "pending" included; numbers are not accepted.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ScheduleStatus status)
    {
        status = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var name = text.Trim();
        if (name.Equals(Pending, StringComparison.OrdinalIgnoreCase))
        {
            status = ScheduleStatus.Scheduled;
            return true;
        }
        return !name.Any(char.IsDigit) && Enum.TryParse(name, ignoreCase: true, out status) && Enum.IsDefined(status);
    }

    /// <summary>Reads a status name (see <see cref="TryParse"/>).</summary>
    /// <exception cref="FormatException">The name is not a status; the message lists the accepted ones.</exception>
    public static ScheduleStatus Parse(string? text) =>
        TryParse(text, out var status) ? status : throw new FormatException($"unknown status \"{text}\"; expected one of {Accepted}");

    /// <summary>Whether a task in this status never fires again (completed, failed, cancelled or expired).</summary>
    public static bool HasEnded(ScheduleStatus status) =>
        status is ScheduleStatus.Completed or ScheduleStatus.Failed or ScheduleStatus.Cancelled or ScheduleStatus.Expired;
}
