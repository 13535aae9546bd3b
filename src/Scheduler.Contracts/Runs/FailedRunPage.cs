namespace Scheduler.Contracts.Runs;

/// <summary>One page of failed occurrences, newest first.</summary>
/// <param name="Total">How many failed occurrences match the filter (all pages).</param>
/// <param name="Runs">This page.</param>
public sealed record FailedRunPage(int Total, IReadOnlyList<FailedRun> Runs);
