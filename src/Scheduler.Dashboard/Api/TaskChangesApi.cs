using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Cancel (one, or every task a filter matches) and reschedule, each recorded as the request's actor's change.
/// Cancelling a task that already ended is not an error: 200 with <c>"cancelled": false</c> and the reason.
/// </summary>
internal static class TaskChangesApi
{
    public const string AlreadyEnded = "already ended";

    public static RouteGroupBuilder MapTaskChanges(this RouteGroupBuilder api, RouteGroupBuilder task)
    {
        task.MapDelete("/schedule", CancelAsync).TakesNoBody().WithSummary("Cancel a task: {id, cancelled: true}, or {cancelled: false, reason: \"already ended\"} when it had ended");
        task.MapPost("/reschedule", RescheduleAsync).WithSummary("Move a task to a new spec, keeping its id, definition and history");
        api.MapPost("/schedules/cancel", CancelAllAsync).TakesNoBody(BulkFiltersHint)
            .WithSummary("Cancel every scheduled, paused or running task matching the filters (those of GET /api/schedules); returns how many");
        return api;
    }

    private static readonly string[] BulkFilters = ["status", "type", "tag", "module", "name", "recurring"];

    /// <summary>Ends the refusal of a body sent to a bulk change that takes none.</summary>
    public static readonly string BulkFiltersHint = $"; give the filters as query parameters: {string.Join(", ", BulkFilters)}";

    /// <summary>
    /// The filters of a bulk change (cancel, pause, resume). A query parameter it does not read is refused: ignored, a
    /// misspelt or unsupported filter would widen the change to every task.
    /// </summary>
    public static ScheduleFilter BulkFilter(HttpRequest request, string? status, string? type, string? tag, string? module, string? name,
        bool? recurring, params string[] alsoAccepted)
    {
        StrictQuery.Check(request, [.. BulkFilters, .. alsoAccepted],
            " (to change what a search finds, search with GET /api/schedules and change each task by id)");
        // An empty filter ("name=", a URL built from an empty variable) is refused by the client's bulk change itself.
        // A type that is no task type would match nothing and report 0 changed, as if none were live.
        if (!string.IsNullOrWhiteSpace(type)) ScheduleQuery.CheckTaskType(type);
        return Filter(status, type, tag, module, name, recurring);
    }

    /// <summary>The list filters of the query string; a status may be any name <see cref="ScheduleStatusNames"/> accepts.</summary>
    public static ScheduleFilter Filter(string? status, string? type, string? tag, string? module, string? name, bool? recurring)
    {
        ScheduleStatus? parsed = null;
        if (status is not null)
        {
            if (!ScheduleStatusNames.TryParse(status, out var s))
                throw new ApiInputException($"unknown status {Echo.Quoted(status)}; expected one of {ScheduleStatusNames.Accepted}", "status");
            parsed = s;
        }
        return new ScheduleFilter { Status = parsed, TaskType = type, Tag = tag, ModuleId = module, NameContains = name, Recurring = recurring };
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http) =>
        await http.ActingClient().CancelWithResultAsync(id) switch
        {
            { Outcome: CancelOutcome.Cancelled } => Results.Ok(new { id, cancelled = true }),
            { Outcome: CancelOutcome.AlreadyEnded, Status: { } ended } => Results.Ok(new { id, cancelled = false, status = ScheduleStatusNames.Name(ended), reason = AlreadyEnded }),
            _ => ApiResults.NotFound(id),
        };

    private static async Task<IResult> RescheduleAsync(string id, HttpRequest request)
    {
        var body = await ApiBody.ReadAsync<RescheduleRequest>(request);
        if (string.IsNullOrWhiteSpace(body.Spec)) throw new ApiInputException("\"spec\" is missing; expected e.g. \"every day at 6am\" or \"in 2 hours\"");
        var task = await request.HttpContext.ActingClient().RescheduleAsync(id, body.Spec, body.TimeZone);
        return task is null ? ApiResults.NotFound(id) : Results.Ok(task);
    }

    private static async Task<IResult> CancelAllAsync(HttpContext http, string? status, string? type, string? tag, string? module, string? name, bool? recurring) =>
        Results.Ok(new { cancelled = await http.ActingClient().CancelAllAsync(BulkFilter(http.Request, status, type, tag, module, name, recurring)) });
}
