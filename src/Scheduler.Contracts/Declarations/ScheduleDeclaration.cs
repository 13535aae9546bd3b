using System.Text.Json.Serialization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Declarations;

/// <summary>
/// One schedule as code or a file declares it, under its id: what <see cref="Client.SchedulerClient.ApplyAsync"/> makes
/// the id hold. As JSON, the body of <c>POST /api/tasks/{id}/schedule</c> with the id beside it:
/// <c>{"id", "spec", "task", "options"}</c>.
/// </summary>
/// <param name="Id">The task's id; applying the declaration again finds the task by it.</param>
/// <param name="Spec">When it runs, e.g. "every day at 6am"; a one-shot's instant is best given as one.</param>
/// <param name="Task">What runs.</param>
/// <param name="Options">Time zone, tags, limits and the rest; <see cref="ScheduleOptions.Id"/> is taken from <paramref name="Id"/>.</param>
/// <param name="Paused">
/// Created paused: what an export writes for a paused task, so a copy applied elsewhere does not start running what
/// was held. Only a task the apply creates (or schedules anew) is paused; a live task's pause, or its absence, is the
/// operator's and is left as it is, as every other apply leaves it. Written only when true. <see cref="PauseNote"/> and
/// <see cref="PauseUntil"/> say why and until when, as <c>"pauseNote"</c> and <c>"pauseUntil"</c> do in a REST schedule body.
/// </param>
public sealed record ScheduleDeclaration(string Id, string Spec, TaskDefinition Task, ScheduleOptions? Options = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Paused = false)
{
    /// <summary>The note of a pause declared without one.</summary>
    internal const string DeclaredPausedNote = "declared paused";

    /// <summary>With <see cref="Paused"/>: the note the created task's pause carries ("declared paused" when none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PauseNote { get; init; }

    /// <summary>
    /// With <see cref="Paused"/>: when the created task's pause lifts itself (what an export writes for a task paused until
    /// an instant). An end already past when the declaration is applied creates the task unpaused: its pause would have
    /// lifted by then.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? PauseUntil { get; init; }
}
