namespace Scheduler.Contracts.Scheduling.Triggers;

/// <summary>Which final outcome of the source task's run starts an <c>after:</c> task.</summary>
public enum TriggerOutcome
{
    /// <summary>The run succeeded (the default).</summary>
    Succeeded,

    /// <summary>The run failed or timed out after its last retry (a cancelled run is not a failure).</summary>
    Failed,

    /// <summary>The run ended in any way: succeeded, failed, timed out or cancelled.</summary>
    Finished,
}
