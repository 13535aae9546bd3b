namespace Scheduler.Contracts.Flow;

/// <summary>
/// Priorities in Hangfire's queues: a normal or high run goes to its queue (Beat moves a high one to the front), a low
/// one to the lane <c>&lt;queue&gt;-low</c>, which workers try after all their queues. Hangfire tries a worker's
/// queues in the order given on every fetch; the low lanes come last, so they cost a fetch only when nothing else waits.
/// </summary>
internal static class FlowQueues
{
    public const string LowSuffix = "-low";

    /// <summary>The Hangfire queue an occurrence of <paramref name="queue"/> at <paramref name="priority"/> goes to.</summary>
    public static string For(string queue, TaskPriority priority) => priority == TaskPriority.Low ? queue + LowSuffix : queue;

    /// <summary>What a worker configured for <paramref name="queues"/> listens to: the queues, then their low lanes.</summary>
    public static string[] Expand(IReadOnlyList<string> queues) =>
        [.. queues.Concat(queues.Where(q => !q.EndsWith(LowSuffix, StringComparison.Ordinal)).Select(q => q + LowSuffix)).Distinct()];
}
