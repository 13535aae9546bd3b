using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Names the request field each validation problem is about, so a form can show the message at that field. The
/// messages already start with the field ("maxRuns is 0; …", "notification \"message\" is empty; …"); this reads it
/// back rather than changing every validator.
/// </summary>
internal static partial class ProblemFields
{
    private static readonly HashSet<string> Options = new(StringComparer.Ordinal)
    {
        "id", "idempotencyKey", "name", "description", "timeZone", "startAfter", "startAt", "endAt", "maxRuns", "queue",
        "tags", "moduleId", "misfire", "overlap", "jitter", "spec", "task", "schedule", "count", "q", "outcome", "replace",
    };

    /// <summary>The problems of <paramref name="exception"/> with their fields; empty when it is not about request fields.</summary>
    public static IReadOnlyList<FieldError> For(Exception exception) => exception switch
    {
        ScheduleSpecException e => [new(IsAboutTimeZone(e.Message) ? "timeZone" : "spec", e.Message)],
        InvalidTaskException e => [.. e.Errors.Select(m => new FieldError(FieldOf(m), m))],
        JsonException e => [new(FromPath(e.Path), JsonProblems.Describe(e))],
        ApiInputException e => [new(e.Field ?? FieldOf(e.Message), e.Message)],
        _ => [],
    };

    /// <summary>The field a validation message starts with, or null when it names none.</summary>
    public static string? FieldOf(string message)
    {
        if (TaskField().Match(message) is { Success: true } task && TaskTypes.Find(task.Groups["type"].Value) is not null)
            return "task." + (task.Groups["field"].Success ? task.Groups["field"].Value : "channels");
        if (IsAboutTimeZone(message)) return "timeZone";
        var first = LeadingName().Match(message);
        return first.Success && Options.Contains(first.Groups["name"].Value) ? first.Groups["name"].Value : null;
    }

    /// <summary>"$.options.maxRuns" → "maxRuns", "$.task.message" → "task.message", "$.startAfter" → "startAfter".</summary>
    public static string? FromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var parts = path.TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        if (parts[0] == "options" && parts.Length > 1) return parts[1].Split('[')[0];
        return parts[0] == "task" && parts.Length > 1 ? "task." + parts[1].Split('[')[0] : parts[0].Split('[')[0];
    }

    private static bool IsAboutTimeZone(string message) => message.Contains("time zone", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^(?<type>[a-z_]+) (?:\"(?<field>\\w+)\"|channel )")]
    private static partial Regex TaskField();

    [GeneratedRegex("^\"?(?<name>[A-Za-z]+)\"?\\b")]
    private static partial Regex LeadingName();
}
