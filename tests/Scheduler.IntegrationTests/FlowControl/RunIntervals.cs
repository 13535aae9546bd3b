using Scheduler.Contracts.Schedules;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>Measures limits from recorded runs: how many ran at once, how many started within a period.</summary>
internal static class RunIntervals
{
    /// <summary>The most attempts that were running at one instant (an attempt ending as another starts is not overlap).</summary>
    public static int MaxOverlap(IEnumerable<TaskRun> runs)
    {
        var edges = runs.SelectMany(r => new[] { (At: r.StartedAt, Delta: 1), (At: r.FinishedAt, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, max = 0;
        foreach (var (_, delta) in edges) max = Math.Max(max, current += delta);
        return max;
    }

    /// <summary>The most first attempts that started within any window of <paramref name="period"/> (less <paramref name="slack"/>).</summary>
    public static int MaxStartsWithin(IEnumerable<TaskRun> runs, TimeSpan period, TimeSpan slack)
    {
        var starts = runs.Select(r => r.StartedAt).Order().ToList();
        var max = 0;
        for (var i = 0; i < starts.Count; i++)
            max = Math.Max(max, starts.Skip(i).TakeWhile(s => s - starts[i] < period - slack).Count());
        return max;
    }
}
