using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// Free-text search over schedules (<see cref="Client.ScheduleFilter.Query"/>): the query splits on white space and every
/// term must occur, case-insensitively, in the id, name, task type, spec, schedule description, module, a tag or the
/// status. The searchable text is stored lower-cased with each record (<see cref="Document"/>), so a search can match it
/// without reading or decoding the rest of the record.
/// </summary>
internal static class ScheduleSearch
{
    /// <summary>Longest query accepted; longer ones are cut (a search box, not a document).</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The lower-cased terms of <paramref name="query"/>, without duplicates; empty when it has none.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : [.. query[..Math.Min(query.Length, MaxQueryLength)].ToLowerInvariant()
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The record's searchable text: one lower-cased line each for id, name, task type, spec, schedule description and
    /// module, then the tags between tab characters (so a tag filter can match a whole tag as "\t&lt;tag&gt;\t").
    /// </summary>
    public static string Document(ScheduledTask task) => string.Join('\n',
        task.Id, task.Name, task.Task.TypeName, task.Spec, task.Schedule.Description, task.Options.ModuleId ?? "",
        TagLine(task.Options.Tags)).ToLowerInvariant();

    /// <summary>How a tag appears in <see cref="Document"/>.</summary>
    public static string TagNeedle(string tag) => "\t" + tag.ToLowerInvariant() + "\t";

    /// <summary>True when every term occurs in <paramref name="task"/>'s searchable text or its status.</summary>
    public static bool Matches(ScheduledTask task, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return true;
        var document = Document(task);
        var status = ScheduleRecord.StatusText(task.Status);
        foreach (var term in terms)
            if (!document.Contains(term, StringComparison.Ordinal) && !status.Contains(term, StringComparison.Ordinal)) return false;
        return true;
    }

    private static string TagLine(IReadOnlyList<string>? tags) =>
        tags is { Count: > 0 } ? "\t" + string.Join('\t', tags) + "\t" : "";
}
