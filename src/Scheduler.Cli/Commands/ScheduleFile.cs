using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The file <c>scheduler export</c> writes and <c>scheduler apply</c> reads: <c>{"schedules": [{"id", "spec", "task",
/// "options"}]}</c>, each item a schedule request as <c>POST /api/tasks/{id}/schedule</c> takes it, under its id.
/// </summary>
internal sealed record ScheduleFile(IReadOnlyList<ScheduleFileItem> Schedules)
{
    public const string Example = """{"schedules": [{"id": "nightly-report", "spec": "every day at 6am", "task": {"type": "shell", "command": "/opt/report"}, "options": {"timeZone": "Europe/Berlin"}}]}""";

    /// <summary>The file's items, or one line naming what is wrong with it (the field, the item, what is accepted).</summary>
    public static IReadOnlyList<ScheduleFileItem> Read(string path)
    {
        var bytes = JsonFileOption.ReadBytes(path, "file");
        // A bare array of items is taken too: what a script that builds the list writes most simply.
        var bare = JsonFileOption.WithoutBom(bytes).Span.TrimStart(" \t\r\n"u8) is [(byte)'[', ..];
        var items = bare
            ? JsonFileOption.Bind<List<ScheduleFileItem>>(bytes, "file", path, Example, root: "schedules")
            : JsonFileOption.Bind<ScheduleFile>(bytes, "file", path, Example).Schedules
              ?? throw new CliException(ExitCodes.BadInput, $"file \"{path}\" has no \"schedules\"; expected e.g. {Example}");
        var problems = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"schedules[{i}]" + (string.IsNullOrWhiteSpace(item?.Id) ? "" : $" ({item.Id})");
            if (item is null) { problems.Add($"{at} is null; expected a schedule such as {Example[14..^2]}"); continue; }
            if (string.IsNullOrWhiteSpace(item.Id)) problems.Add($"{at} has no \"id\": a file applied again finds its schedules by id");
            if (string.IsNullOrWhiteSpace(item.Spec)) problems.Add($"{at} has no \"spec\"; expected e.g. \"every day at 6am\"");
            if (item.Task is null) problems.Add($"{at} has no \"task\"; expected e.g. {{\"type\": \"shell\", \"command\": \"/opt/report\"}}");
            if (item.Options?.Id is { } own && own != item.Id) problems.Add($"{at}: options.id \"{own}\" is not the item's id; give the id once, as \"id\"");
            if (item.Options?.Debounce is not null) problems.Add($"{at}: options.debounce is for schedules made as events arrive, not a file's; schedule it with the client or REST");
            if (item.Options?.IdempotencyKey is not null) problems.Add($"{at}: options.idempotencyKey is not taken in a file; its id already makes applying it again safe");
        }
        foreach (var twice in items.Where(i => i?.Id is not null).GroupBy(i => i!.Id).Where(g => g.Count() > 1))
            problems.Add($"id \"{twice.Key}\" is given {twice.Count()} times; each schedule once");
        if (problems.Count > 0) throw new CliException(ExitCodes.BadInput, $"file \"{path}\" is not applied, nothing was written:\n  " + string.Join("\n  ", problems));
        return items!;
    }

    /// <summary>The item for <paramref name="task"/>: a one-shot's spec is its instant, which a relative text ("in 2 hours") is not once written down.</summary>
    public static ScheduleFileItem Of(ScheduledTask task) => new(task.Id,
        task.Schedule.Kind == Contracts.Scheduling.ScheduleKind.Once ? task.Schedule.Canonical : task.Spec, task.Task, task.Options with { Id = null });

    public static string Write(IEnumerable<ScheduledTask> tasks) => JsonSerializer.Serialize(new ScheduleFile([.. tasks.Select(Of)]), Indented);

    private static readonly JsonSerializerOptions Indented = new(TaskTypes.JsonOptions)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
