namespace Scheduler.Worker.Sequences;

/// <summary>What a sequence step came to, as its entry in the sequence's result JSON says it.</summary>
internal enum StepStatus
{
    Succeeded,
    Failed,
    /// <summary>Not run: a step it waits for did not succeed.</summary>
    Skipped,
    /// <summary>Running when the sequence was cut short (timeout, stop, cancel).</summary>
    Interrupted,
    /// <summary>Not reached: the sequence was cut short before its turn.</summary>
    NotStarted,
}
