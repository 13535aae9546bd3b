namespace Scheduler.Runtime.Storage;

/// <summary>What <see cref="ScheduleStorePauseLift.LiftPauseAsync"/> did with a claimed entry of a paused task.</summary>
internal enum PauseLift
{
    /// <summary>The task is no longer paused (resumed or cancelled since it was read): whoever changed it re-scored its entry.</summary>
    NotPaused = 0,
    /// <summary>Its pause has not ended (or has no end): nothing fired, nothing changed.</summary>
    NotDue = 1,
    /// <summary>The pause ended and the task was resumed.</summary>
    Lifted = 2,
}
