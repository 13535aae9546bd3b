using System.Text.Json;
using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The file <c>scheduler export</c> writes and <c>scheduler apply</c> reads: <c>{"schedules": [{"id", "spec", "task",
/// "options"}]}</c>, each item a <see cref="ScheduleDeclaration"/> (a bare array of them is taken too).
/// </summary>
internal sealed record ScheduleFile(IReadOnlyList<ScheduleDeclaration>? Schedules)
{
    public const string Example = """{"schedules": [{"id": "nightly-report", "spec": "every day at 6am", "task": {"type": "shell", "command": "/opt/report"}, "options": {"timeZone": "Europe/Berlin"}}]}""";

    /// <summary>
    /// The largest file apply reads: an export of tens of thousands of schedules, not the 1 MiB of a task definition
    /// (the REST API's body limit): the file goes to the client, never through the REST API, and what export writes
    /// apply must read back (10,000 schedules export to several MB).
    /// </summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The file's declarations, or one line naming what is wrong with its JSON (the field, what is accepted).</summary>
    public static IReadOnlyList<ScheduleDeclaration> Read(string path)
    {
        var bytes = JsonFileOption.ReadBytes(path, "file", MaxBytes);
        // A bare array: what a script that builds the list writes most simply.
        var bare = JsonFileOption.WithoutBom(bytes).Span.TrimStart(" \t\r\n"u8) is [(byte)'[', ..];
        return bare
            ? JsonFileOption.Bind<List<ScheduleDeclaration>>(bytes, "file", path, Example, root: "schedules")
            : JsonFileOption.Bind<ScheduleFile>(bytes, "file", path, Example).Schedules
              ?? throw new CliException(ExitCodes.BadInput, $"file \"{path}\" has no \"schedules\"; expected e.g. {Example}");
    }

    /// <summary>
    /// The declaration of <paramref name="task"/>: a one-shot's spec is its instant, which a relative text ("in 2 hours")
    /// is not once written down; a paused task is declared paused, with its note and end, so applied elsewhere it is
    /// created held. A task created in its client's default zone is declared in the zone it runs in: applied where the
    /// default zone differs, it must not be read in that one and move its runs.
    /// </summary>
    public static ScheduleDeclaration Of(ScheduledTask task) => new(task.Id,
        task.Schedule.Kind == Contracts.Scheduling.ScheduleKind.Once ? task.Schedule.Canonical : task.Spec, task.Task,
        // Create-time options a declaration does not take: applying replaces what changed (replace), and the task's
        // state says whether it is paused, why and until when.
        task.Options with { Id = null, TimeZone = task.Options.TimeZone ?? task.Schedule.TimeZone, Replace = false, Paused = null },
        Paused: task.Status == ScheduleStatus.Paused)
    {
        // The note an apply gives a pause declared without one is left out again, so a file applied and exported is the same.
        PauseNote = task.Status == ScheduleStatus.Paused && task.Pause?.Note != ScheduleDeclaration.DeclaredPausedNote ? task.Pause?.Note : null,
        PauseUntil = task.Status == ScheduleStatus.Paused ? task.Pause?.Until : null,
    };

    public static string Write(IEnumerable<ScheduledTask> tasks) => JsonSerializer.Serialize(new ScheduleFile([.. tasks.Select(Of)]), Indented);

    private static readonly JsonSerializerOptions Indented = new(TaskTypes.JsonOptions)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
