using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Body of <c>POST /api/tasks/{id}/schedule</c>: a text <c>spec</c>, or a structured <c>schedule</c>
/// (<c>{"intervalType": "hours", "intervalValue": 2, "nextExecution": "…"}</c>), not both. <c>"paused": true</c> (with an
/// optional <c>"pauseNote"</c> and <c>"pauseUntil"</c>, as the pause body's <c>note</c> and <c>until</c>) creates the task
/// paused, in the same write (<see cref="ScheduleOptions.Paused"/>).
/// </summary>
public sealed record ScheduleRequest(TaskDefinition? Task, string? Spec, ScheduleOptions? Options, IntervalSchedule? Schedule = null,
    bool Paused = false, string? PauseNote = null, DateTimeOffset? PauseUntil = null)
{
    /// <summary>The pause the task is to be born with; null when none was asked. A note or an end without <c>"paused": true</c> is refused.</summary>
    public PauseRequest? Pause() =>
        Paused ? new PauseRequest { Note = PauseNote, Until = PauseUntil }
        : PauseNote is not null ? throw WithoutPaused("pauseNote", "with that note")
        : PauseUntil is not null ? throw WithoutPaused("pauseUntil", "until then")
        : null;

    private static ApiInputException WithoutPaused(string field, string what) =>
        new($"\"{field}\" is given without \"paused\": true; expected both, to create the task paused {what}, or neither", field);
}
