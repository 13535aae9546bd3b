namespace Scheduler.Contracts.Tasks;

/// <summary>Severity of a <see cref="NotificationTask"/>.</summary>
public enum NotificationLevel
{
    /// <summary>Informational.</summary>
    Info,
    /// <summary>Something needs attention.</summary>
    Warning,
    /// <summary>Something failed.</summary>
    Error,
}
