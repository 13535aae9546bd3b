using Scheduler.Dashboard.Security;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// What scheduling an id answers (created, already scheduled, scheduled anew, replaced, or a 409 naming what differs),
/// reading a task by its id, and deleting it for good. Unscheduling (<c>DELETE /api/tasks/{id}/schedule</c>) is a
/// cancel and stays in <see cref="TasksApi"/>.
/// </summary>
internal static class TaskIdentityApi
{
    /// <summary>Response header naming what a schedule request did: created, already-scheduled, rescheduled or replaced.</summary>
    public const string OutcomeHeader = "Schedule-Outcome";

    public static RouteGroupBuilder MapTaskIdentity(this RouteGroupBuilder api)
    {
        var task = api.MapIdGroup("/tasks/{id}", ApiResults.BadId);
        task.MapGet("", GetAsync).WithSummary("One task (the same body as GET /api/tasks/{id}/schedule)");
        task.MapDelete("", DeleteAsync).TakesNoBody().WithSummary("Delete a task for good: its record, run history and index entries; a running run is cancelled first");
        return api;
    }

    /// <summary>
    /// 201 when the id was new or its ended schedule was scheduled anew, 200 when it was already scheduled with this
    /// definition or replaced in place (PUT, or POST with <c>"replace": true</c>), 409 with the differences when a live task holds another definition.
    /// </summary>
    public static async Task<IResult> AnswerAsync(HttpContext context, string id, Func<Task<ScheduleResult>> schedule)
    {
        ScheduleResult result;
        try
        {
            result = await schedule();
        }
        catch (ScheduleConflictException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Schedule conflict",
                extensions: new Dictionary<string, object?>
                {
                    ["taskId"] = e.TaskId,
                    ["currentStatus"] = e.Current.ToString().ToLowerInvariant(),
                    ["differences"] = e.Differences.Select(d => new { field = d.Field, current = d.Current, requested = d.Requested }).ToArray(),
                    ["hint"] = $"PUT /api/tasks/{id}/schedule (or POST with \"options\": {{\"replace\": true}}) replaces it in place; DELETE /api/tasks/{id} removes it",
                });
        }
        context.Response.Headers[OutcomeHeader] = OutcomeName(result.Outcome);
        return result.Outcome is ScheduleOutcome.Created or ScheduleOutcome.Rescheduled
            ? Results.Created($"/api/tasks/{id}/schedule", result.Task)
            : Results.Ok(result.Task);
    }

    public static string OutcomeName(ScheduleOutcome outcome) => outcome switch
    {
        ScheduleOutcome.Created => "created",
        ScheduleOutcome.AlreadyScheduled => "already-scheduled",
        ScheduleOutcome.Rescheduled => "rescheduled",
        _ => "replaced",
    };

    private static async Task<IResult> GetAsync(SchedulerClient client, string id) =>
        await client.GetAsync(id) is { } task ? Results.Ok(task) : ApiResults.NotFound(id);

    private static async Task<IResult> DeleteAsync(HttpContext http, string id) =>
        await http.ActingClient().DeleteAsync(id) ? Results.Ok(new { id, deleted = true }) : ApiResults.NotFound(id);
}
