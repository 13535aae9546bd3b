using Scheduler.Contracts.Schedules;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Pause one task with an optional note and end, and pause or resume every task the list filters match (the filters of
/// <c>GET /api/schedules</c>, as <c>POST /api/schedules/cancel</c> takes them). Recorded as the request's actor's change.
/// </summary>
internal static class PauseApi
{
    public static RouteGroupBuilder MapBulkPause(this RouteGroupBuilder api)
    {
        api.MapPost("/schedules/pause", PauseAllAsync)
            .WithSummary("Pause every scheduled or running task matching the filters (those of GET /api/schedules); optional body {note, until}; returns how many");
        api.MapPost("/schedules/resume", ResumeAllAsync).TakesNoBody(TaskChangesApi.BulkFiltersHint + " (and note)")
            .WithSummary("Resume every paused task matching the filters (those of GET /api/schedules, and note: only tasks paused with this note); returns how many");
        return api;
    }

    /// <summary><c>POST /api/tasks/{id}/pause</c>: 200 <c>{id, pause}</c>, 404, 409 when not scheduled or running.</summary>
    public static async Task<IResult> PauseAsync(string id, HttpContext http)
    {
        var client = http.ActingClient();
        if (!await client.PauseAsync(id, await ReadAsync(http.Request))) return ApiResults.NotFound(id);
        return Results.Ok(new { id, pause = (await client.GetAsync(id))?.Pause });
    }

    private static async Task<IResult> PauseAllAsync(HttpContext http, string? status, string? type, string? tag, string? module, string? name, bool? recurring)
    {
        var filter = TaskChangesApi.BulkFilter(http.Request, status, type, tag, module, name, recurring);
        var request = await ReadAsync(http.Request);
        return Results.Ok(new { paused = await http.ActingClient().PauseAllAsync(filter, request) });
    }

    // "note" picks the tasks one bulk pause paused (its note), leaving those paused before it for other reasons.
    private static async Task<IResult> ResumeAllAsync(HttpContext http, string? status, string? type, string? tag, string? module, string? name, bool? recurring, string? note)
    {
        var filter = TaskChangesApi.BulkFilter(http.Request, status, type, tag, module, name, recurring, "note") with { PauseNote = note };
        return Results.Ok(new { resumed = await http.ActingClient().ResumeAllAsync(filter) });
    }

    // The body is optional: a bare POST (a blank body, whatever its Content-Type) pauses until resumed, with no note.
    private static async Task<PauseRequest?> ReadAsync(HttpRequest request) =>
        await ApiBody.ReadOptionalAsync<PauseBody>(request) is { } body ? new PauseRequest { Note = body.Note, Until = body.Until } : null;
}
