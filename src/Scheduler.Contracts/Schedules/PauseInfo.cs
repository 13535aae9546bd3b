namespace Scheduler.Contracts.Schedules;

/// <summary>Who paused a task, when, why and until when; present only while the task is paused.</summary>
/// <param name="At">When it was paused.</param>
/// <param name="By">Who paused it; null when not said.</param>
/// <param name="Note">Why, as they wrote it.</param>
/// <param name="Until">When the pause lifts itself; null when it lasts until someone resumes the task.</param>
public sealed record PauseInfo(DateTimeOffset At, string? By, string? Note, DateTimeOffset? Until)
{
    /// <summary>One line for a person: "paused by alice: maintenance window (until 2026-12-01 09:00:00Z)".</summary>
    public override string ToString() =>
        $"paused by {By ?? "(unknown)"}" + (Note is { Length: > 0 } note ? $": {note}" : "")
        + (Until is { } until ? $" (until {until.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}Z)" : "");
}
