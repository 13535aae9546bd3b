using Scheduler.Contracts.Client;

namespace Scheduler.Contracts.Declarations;

/// <summary>
/// What makes a list of declarations unusable before any is read against Redis: a missing id, spec or task, an id
/// given twice, options a declaration cannot carry, a prune filter that names nothing. Each problem one sentence
/// naming the declaration by index and id, as a file's reader finds it.
/// </summary>
internal static class DeclarationChecks
{
    public const string Example = """{"id": "nightly-report", "spec": "every day at 6am", "task": {"type": "shell", "command": "/opt/report"}, "options": {"timeZone": "Europe/Berlin"}}""";

    /// <summary>True when the declaration lacks what a schedule needs (reported by <see cref="Problems"/>).</summary>
    public static bool Incomplete(ScheduleDeclaration d) => string.IsNullOrWhiteSpace(d.Id) || string.IsNullOrWhiteSpace(d.Spec) || d.Task is null;

    public static IEnumerable<string> Problems(IReadOnlyList<ScheduleDeclaration> declarations, ScheduleFilter? prune)
    {
        for (var i = 0; i < declarations.Count; i++)
        {
            var d = declarations[i];
            var at = $"schedules[{i}]" + (string.IsNullOrWhiteSpace(d?.Id) ? "" : $" ({d.Id})");
            if (d is null) { yield return $"{at} is null; expected a schedule such as {Example}"; continue; }
            if (string.IsNullOrWhiteSpace(d.Id)) yield return $"{at} has no \"id\": declarations applied again find their tasks by id";
            if (string.IsNullOrWhiteSpace(d.Spec)) yield return $"{at} has no \"spec\"; expected e.g. \"every day at 6am\"";
            if (d.Task is null) yield return $"{at} has no \"task\"; expected e.g. {{\"type\": \"shell\", \"command\": \"/opt/report\"}}";
            if (d.Options?.Id is { } own && own != d.Id) yield return $"{at}: options.id \"{own}\" is not the declaration's id; give the id once, as \"id\"";
            if (d.Options?.Debounce is not null) yield return $"{at}: options.debounce is for tasks made as events arrive, not declared ones; schedule it with ScheduleAsync or REST";
            if (d.Options?.Paused is not null) yield return $"{at}: options.paused is not taken in a declaration; give \"paused\": true (with \"pauseNote\" and \"pauseUntil\" if wanted) beside the options";
            if (!d.Paused && (d.PauseNote is not null || d.PauseUntil is not null))
                yield return $"{at}: {(d.PauseNote is not null ? "\"pauseNote\"" : "\"pauseUntil\"")} is given without \"paused\": true; add it to declare the task paused, or leave the pause out";
            // An end past by the time a file is applied is a pause that would have lifted (none is made), not a mistake.
            foreach (var problem in new Schedules.PauseRequest { Note = d.PauseNote }.Validate(DateTimeOffset.MinValue)) yield return $"{at}: {problem}";
            if (d.Options?.Replace == true) yield return $"{at}: options.replace is not taken in a declaration; applying replaces what changed";
        }
        foreach (var twice in declarations.Where(d => !string.IsNullOrWhiteSpace(d?.Id)).GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"id \"{twice.Key}\" is given {twice.Count()} times; each schedule once";
        if (prune is not null && prune.Status is null && prune.TaskType is null && prune.Tag is null && prune.ModuleId is null
            && prune.NameContains is null && prune.Query is null && prune.Recurring is null && prune.LastOutcome is null && prune.PauseNote is null)
            yield return "the prune filter names nothing (e.g. a tag or module the declarations own); it would cancel every task they do not hold";
    }
}
