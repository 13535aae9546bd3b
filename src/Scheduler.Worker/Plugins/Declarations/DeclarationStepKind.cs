namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>What registering a plugin's declarations does to one task id; see <see cref="DeclarationPlan"/>.</summary>
internal enum DeclarationStepKind
{
    /// <summary>Schedule it (new, changed, or ended and changed); the client's create script decides atomically.</summary>
    Register,

    /// <summary>A live task already holds this declaration: nothing is written.</summary>
    Unchanged,

    /// <summary>The task ended (cancelled, completed, …) with this very declaration: left ended, not scheduled again.</summary>
    KeepEnded,

    /// <summary>The id is held by a task the plugin did not declare (made by hand): refused, never overwritten.</summary>
    Foreign,

    /// <summary>A live task the plugin declared before and declares no more: tagged, paused and reported.</summary>
    Orphan,

    /// <summary>Already tagged as no longer declared and still there: reported again, left as it is.</summary>
    StillOrphaned,
}
