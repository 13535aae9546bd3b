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
        // Body fields: a schedule's and its options, a parse preview's, a pause's, a backfill's.
        "id", "idempotencyKey", "idempotencyWindow", "name", "description", "timeZone", "startAfter", "startAt", "endAt", "maxRuns",
        "queue", "tags", "moduleId", "misfire", "overlap", "jitter", "runIfPast", "verify", "concurrency", "rateLimit", "debounce",
        "priority", "spec", "task", "schedule", "count", "replace", "note", "until", "from", "to", "dryRun",
        // Query parameters: the list's, the runs', the audit log's, a wait's.
        "q", "outcome", "limit", "offset", "status", "type", "tag", "module", "recurring", "timeoutSeconds", "after", "taskId", "actor",
        "action", "runId", "registrationId",
    };

    // Options whose parts the schedule form shows as fields of their own ("concurrency.limit").
    private static readonly HashSet<string> FlowPolicies = new(StringComparer.Ordinal) { "concurrency", "rateLimit", "debounce" };

    /// <summary>The problems of <paramref name="exception"/> with their fields; empty when it is not about request fields.</summary>
    public static IReadOnlyList<FieldError> For(Exception exception) => exception switch
    {
        // The structured form's own problems (intervalType, intervalValue, cron) are named at "schedule", where they were given.
        ScheduleSpecException e => [new(IsAboutTimeZone(e.Message) ? "timeZone" : e.Spec == "intervalSchedule" ? "schedule" : "spec", e.Message)],
        InvalidTaskException e => [.. e.Errors.Select(m => new FieldError(FieldOf(m), m))],
        // A field no object has is named by its whole path ("options.bogus", "task.bogus"), as nested fields are: no form
        // field shows it, and its bare name would not say where it was given.
        JsonException e when JsonProblems.IsUnknownField(e) => [new(JsonProblems.Field(e.Path), JsonProblems.Describe(e))],
        JsonException e => [new(FromPath(e.Path), JsonProblems.Describe(e))],
        ApiInputException { Problems.Count: > 0 } e => [.. e.Problems.Select(p => new FieldError(p.Field ?? FieldOf(p.Message), p.Message))],
        ApiInputException e => [new(e.Field ?? FieldOf(e.Message), e.Message)],
        // Its messages start with the registration's field ("cleanup \"directory\" …"), which FieldOf would read as the
        // cleanup task type's.
        Contracts.Housekeeping.InvalidCleanupException e =>
            [.. e.Errors.Select(m => new FieldError(CleanupField().Match(m) is { Success: true } c ? c.Groups["name"].Value : null, m))],
        _ => [],
    };

    /// <summary>The field a validation message starts with, or null when it names none.</summary>
    public static string? FieldOf(string message)
    {
        if (TaskField().Match(message) is { Success: true } task && TaskTypes.Find(task.Groups["type"].Value) is not null)
            return "task." + (task.Groups["field"].Success ? task.Groups["field"].Value : "channels");
        if (IsAboutTimeZone(message)) return "timeZone";
        // "unknown status \"x\"", "query parameter \"x\" is not accepted", "the pause note is …" name their field inside.
        if (Unknown().Match(message) is { Success: true } unknown && Options.Contains(unknown.Groups["name"].Value)) return unknown.Groups["name"].Value;
        if (QueryParameter().Match(message) is { Success: true } parameter) return parameter.Groups["name"].Value;
        if (Pause().Match(message) is { Success: true } pause) return pause.Groups["what"].Value == "note" ? "note" : "until";
        var first = LeadingName().Match(message);
        if (!first.Success) return null;
        // "\"options.debounce\" is missing": an option is named alone, as FromPath names it. "concurrency.limit is 0": a flow
        // policy's part is a field of its own in the form.
        var name = first.Groups["name"].Value == "options" && first.Groups["option"].Success ? first.Groups["option"].Value : first.Groups["name"].Value;
        if (!Options.Contains(name)) return null;
        return FlowPolicies.Contains(name) && name == first.Groups["name"].Value && first.Groups["option"].Success ? $"{name}.{first.Groups["option"].Value}" : name;
    }

    /// <summary>
    /// "$.options.maxRuns" → "maxRuns", "$.options.concurrency.limit" → "concurrency.limit", "$.task.message" →
    /// "task.message", "$.startAfter" → "startAfter".
    /// </summary>
    public static string? FromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var parts = path.TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        if (parts[0] == "options" && parts.Length > 2 && FlowPolicies.Contains(parts[1])) return $"{parts[1]}.{parts[2].Split('[')[0]}";
        if (parts[0] == "options" && parts.Length > 1) return parts[1].Split('[')[0];
        return parts[0] == "task" && parts.Length > 1 ? "task." + parts[1].Split('[')[0] : parts[0].Split('[')[0];
    }

    private static bool IsAboutTimeZone(string message) => message.Contains("time zone", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^(?<type>[a-z_]+) (?:\"(?<field>\\w+)\"|channel )")]
    private static partial Regex TaskField();

    [GeneratedRegex("^\"?(?<name>[A-Za-z]+)(?:\\.(?<option>[A-Za-z]+))?\"?\\b")]
    private static partial Regex LeadingName();

    [GeneratedRegex("^unknown (?<name>[A-Za-z]+) \"")]
    private static partial Regex Unknown();

    [GeneratedRegex("^query parameter \"(?<name>[^\"]+)\"")]
    private static partial Regex QueryParameter();

    [GeneratedRegex("^the pause (?<what>note|end)\\b")]
    private static partial Regex Pause();

    [GeneratedRegex("^cleanup \"(?<name>[A-Za-z]+)\"")]
    private static partial Regex CleanupField();
}
