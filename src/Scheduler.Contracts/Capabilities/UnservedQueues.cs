using System.Globalization;

namespace Scheduler.Contracts.Capabilities;

/// <summary>
/// Queues where runs wait and no live worker takes them: every process may be alive and those runs still wait for
/// ever (a queue named wrong with checks off, or its workers stopped). The CLI's <c>health</c> and the dashboard's
/// <c>GET /health</c> call the system degraded for them, in the same words.
/// </summary>
internal static class UnservedQueues
{
    /// <summary>Whether runs wait in <paramref name="queue"/> and no live worker serves it (the Workers page marks it).</summary>
    /// <remarks>Runs of tasks deleted or cancelled since they were queued (<see cref="QueueState.Abandoned"/>) need no worker.</remarks>
    public static bool Is(QueueState queue) => queue.Waiting - queue.Abandoned > 0 && queue.Workers.Count == 0;

    /// <summary>Of <paramref name="queues"/>, those with runs waiting and no live worker serving them.</summary>
    public static IReadOnlyList<QueueState> Of(IReadOnlyList<QueueState> queues) => [.. queues.Where(Is)];

    /// <summary>"runs wait in queue reports (1 since 2026-12-05T08:00:00Z), which no live worker serves; …".</summary>
    public static string Describe(IReadOnlyList<QueueState> unserved) =>
        $"runs wait in {(unserved.Count == 1 ? "queue" : "queues")} {string.Join(", ", unserved.Select(q => $"{q.Name} ({q.Waiting - q.Abandoned}"
            + (q.OldestWaitingSince is { } since ? $" since {since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" : "") + ")"))}"
        + $", which no live worker serves; start a worker with {(unserved.Count == 1 ? "it" : "them")} in Scheduler:Worker:Queues ('scheduler queues' shows who serves what)";
}
