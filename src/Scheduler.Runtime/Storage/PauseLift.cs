namespace Scheduler.Runtime.Storage;

/// <summary>What <see cref="ScheduleStorePauseLift.LiftPauseAsync"/> did with a claimed entry of a paused task.</summary>
internal enum PauseLift
{
    /// <summary>The task is not paused: fire it as usual.</summary>
    NotPaused = 0,
    /// <summary>Its pause has not ended (or has no end): nothing fired, nothing changed.</summary>
    NotDue = 1,
    /// <summary>The pause ended and the task was resumed.</summary>
    Lifted = 2,
}
