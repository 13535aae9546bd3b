namespace Scheduler.Contracts.Flow;

/// <summary>
/// The flow gate's entry of a run's retry waiting for its rate turn: the run's id with a mark and a token of its own,
/// so the retry counts as a start apart from the run's first one. Whoever shows the gate names the run, not the entry.
/// </summary>
internal static class RetryGateEntry
{
    private const string Mark = ":retry:";

    public static string For(string runId) => $"{runId}{Mark}{Guid.NewGuid():N}";

    /// <summary>The run an entry stands for: the run's own id, or the run of a retry's entry.</summary>
    public static string RunOf(string entry) => entry.IndexOf(Mark, StringComparison.Ordinal) is var at and > 0 ? entry[..at] : entry;
}
