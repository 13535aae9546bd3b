using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Api;

/// <summary>The search parameters the list API and the schedules page share: <c>q</c>, <c>outcome</c> and <c>sort</c>; and the task-type filter's check.</summary>
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
        if (RunOutcomeNames.TryParse(outcome, out var parsed)) return parsed;
        throw new ApiInputException($"unknown outcome {Echo.Quoted(outcome)}; expected one of {Accepted}");
    }

    /// <summary>Refuses a task-type filter that names no task type, which would match nothing (any case matches, as the list does).</summary>
    /// <exception cref="ApiInputException">It names no task type.</exception>
    public static void CheckTaskType(string? type, bool ignoreCase = true)
    {
        if (type is null || (ignoreCase ? TaskTypes.Find(type) is not null : TaskTypes.Names.Contains(type, StringComparer.Ordinal))) return;
        throw new ApiInputException($"type {Echo.Quoted(type)} is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}", "type");
    }

    /// <summary>The list's order: <c>name</c>, <c>-next</c> and so on; blank is the default, newest first.</summary>
    /// <exception cref="ApiInputException">It names no sort key.</exception>
    public static ScheduleSort Sort(string? sort) =>
        ScheduleSort.TryParse(sort, out var parsed) ? parsed
        : throw new ApiInputException($"unknown sort {Echo.Quoted(sort!)}; expected one of {ScheduleSort.Accepted}, each with a leading '-' for descending", "sort");

    public static string Accepted => RunOutcomeNames.Accepted;
}
