using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Api;

/// <summary>The search parameters the list API and the schedules page share: <c>q</c> and <c>outcome</c>.</summary>
internal static class ScheduleQuery
{
    /// <summary>Longest search text accepted (the client cuts longer ones at the same length).</summary>
    public const int MaxLength = 200;

    /// <summary>The search text, or null when blank (so an empty search box lists everything the fast way).</summary>
    /// <exception cref="ApiInputException">It is longer than <see cref="MaxLength"/>.</exception>
    public static string? Text(string? q)
    {
        if (string.IsNullOrWhiteSpace(q)) return null;
        if (q.Length > MaxLength)
            throw new ApiInputException($"q is {q.Length} characters; at most {MaxLength} are accepted");
        return q.Trim();
    }

    /// <summary>A last-outcome filter such as "failed", or null when not given.</summary>
    /// <exception cref="ApiInputException">It names no outcome.</exception>
    public static RunOutcome? Outcome(string? outcome)
    {
        if (string.IsNullOrWhiteSpace(outcome)) return null;
        if (!char.IsDigit(outcome[0]) && Enum.TryParse<RunOutcome>(outcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) return parsed;
        throw new ApiInputException($"unknown outcome {Echo.Quoted(outcome)}; expected one of {Accepted}");
    }

    public static string Accepted => string.Join(", ", Enum.GetNames<RunOutcome>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
}
