namespace Scheduler.Contracts.Flow;

/// <summary>
/// Where an occurrence stands in its queue: a high one is put ahead of every run already waiting there, so a high
/// occurrence due now starts before normal ones that were waiting; a low one waits in the lane <c>&lt;queue&gt;-low</c>,
/// which workers take from only when their queues are empty. Among several high ones, the latest fired goes first.
/// </summary>
public enum TaskPriority
{
    /// <summary>The back of the queue (the default).</summary>
    Normal,
    /// <summary>The front of the queue.</summary>
    High,
    /// <summary>Lane <c>&lt;queue&gt;-low</c>, taken when nothing else waits.</summary>
    Low,
}
