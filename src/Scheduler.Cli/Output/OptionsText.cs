using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Output;

/// <summary>
/// A task's limits and policies for <c>scheduler info</c>: everything <c>update</c> can change (tags, max runs, bounds,
/// queue, misfire, overlap, jitter) is shown, so a change can be checked without <c>--json</c>.
/// </summary>
internal static class OptionsText
{
    public static IEnumerable<string> Lines(ScheduledTask task)
    {
        var o = task.Options;
        if (o.Tags is { Count: > 0 } tags) yield return $"tags:        {string.Join(", ", tags)}";
        // How much of it is used: "runs" beside it also counts runs asked for by hand (trigger, retry), which max runs does not.
        if (o.MaxRuns is { } max) yield return $"max runs:    {max} ({Math.Min(task.FireCount, max)} used by scheduled runs; runs asked for by hand do not count)";
        if (o.StartAfter is { } start) yield return $"start after: {Formatting.Instant(start)}";
        if (o.EndAt is { } end) yield return $"end at:      {Formatting.Instant(end)}";
        if (o.Queue is { } queue) yield return $"queue:       {queue}";
        yield return $"policies:    misfire {Camel(o.Misfire)}, overlap {Camel(o.Overlap)}";
        // As --jitter takes it (30s, 2m), the form the flow lines beside it use for their windows.
        if (o.Jitter is { } jitter) yield return $"jitter:      up to {Contracts.Flow.FlowDuration.Format(jitter)}";
    }

    // Written as the options take them (--misfire runOnce, --overlap cancelPrevious).
    private static string Camel<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
