namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>How a search for the next occurrence ended.</summary>
internal enum RuleOutcome
{
    /// <summary>An occurrence was found.</summary>
    Found,
    /// <summary>The rule has no more occurrences (COUNT, UNTIL or the end of the calendar).</summary>
    Ended,
    /// <summary>The step budget ran out before either was known.</summary>
    Exhausted,
}
