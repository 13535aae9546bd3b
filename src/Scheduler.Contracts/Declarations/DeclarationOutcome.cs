namespace Scheduler.Contracts.Declarations;

/// <summary>What applying a declaration did to its id (or would do, in a dry run).</summary>
public enum DeclarationOutcome
{
    /// <summary>The id held nothing: scheduled.</summary>
    Created,
    /// <summary>A live task held another definition: replaced in place (id, run history and audit kept).</summary>
    Replaced,
    /// <summary>An ended task held another definition: scheduled anew under the id.</summary>
    Rescheduled,
    /// <summary>A live task held this very definition: nothing written (a paused task stays paused).</summary>
    Unchanged,
    /// <summary>
    /// An ended task held this very definition: left ended, so that a completed one-shot or a cancelled task does not
    /// come back because the same declarations were applied again.
    /// </summary>
    LeftEnded,
    /// <summary>A live task the prune filter matches that no declaration holds: cancelled.</summary>
    Cancelled,
    /// <summary>
    /// Another client created or changed the id between the apply's read and its write (a task where the plan found
    /// none, another definition or another task than the one read): nothing written, what the id holds is left as it
    /// is. So for a task the prune would cancel: one another client replaced, updated or created anew since the plan
    /// read it is left live. Applying again plans on what it holds now.
    /// </summary>
    Conflict,
}
