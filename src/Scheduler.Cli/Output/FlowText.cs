using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Output;

/// <summary>A task's flow options and whether a run waits on them, for <c>scheduler info</c>.</summary>
internal static class FlowText
{
    public static IEnumerable<string> Lines(ScheduledTask task, DateTimeOffset now)
    {
        var o = task.Options;
        if (o.Concurrency is { } c) yield return $"concurrency: at most {c.Limit} at once per key \"{c.Key}\"";
        if (o.RateLimit is { } r) yield return $"rate limit:  at most {r.Count} starts per {Period(r.Per)} per key \"{r.Key}\"";
        if (o.Priority != TaskPriority.Normal) yield return $"priority:    {o.Priority.ToString().ToLowerInvariant()}";
        if (o.Debounce is { } d) yield return $"debounce:    one run per burst with key \"{d.Key}\", window {Period(d.Window)}";
        if (o.IdempotencyWindow is { } kept) yield return $"idempotency: key kept {Period(kept)}";
        if (task.Waiting is { } w)
            yield return $"waiting:     for {w.Key} since {Formatting.Instant(w.Since)} ({Formatting.Relative(w.Since, now)}), {w.Waiting} waiting for it";
    }

    private static string Period(TimeSpan per) =>
        per.TotalHours >= 1 && per.TotalHours % 1 == 0 ? $"{per.TotalHours:0}h"
        : per.TotalMinutes >= 1 && per.TotalMinutes % 1 == 0 ? $"{per.TotalMinutes:0}m"
        : per.TotalSeconds >= 1 && per.TotalSeconds % 1 == 0 ? $"{per.TotalSeconds:0}s"
        : $"{per.TotalMilliseconds:0}ms";
}
