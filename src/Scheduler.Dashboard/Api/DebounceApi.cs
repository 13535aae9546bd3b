using Scheduler.Contracts.Schedules;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>POST /api/debounce</c>: a debounced one-shot (issue 18). Its id is chosen by the debounce key, not the caller,
/// so it has no <c>/tasks/{id}</c> route: 201 with the new task, or 200 when it was collapsed into the pending one.
/// </summary>
internal static class DebounceApi
{
    public static RouteGroupBuilder MapDebounce(this RouteGroupBuilder api)
    {
        // Typed as a Delegate: a method group taking only HttpContext would bind as a RequestDelegate and drop its IResult.
        api.MapPost("/debounce", (Func<HttpContext, Task<IResult>>)ScheduleAsync)
            .WithSummary("Schedule a one-shot with options.debounce {key, window}: requests with one key less than the window apart run once, with the last one's task");
        return api;
    }

    private static async Task<IResult> ScheduleAsync(HttpContext http)
    {
        var body = await ApiBody.ReadAsync<ScheduleRequest>(http.Request);
        if (body.Task is null) throw new ApiInputException("\"task\" is missing; expected an object with a \"type\" such as \"notification\"");
        if (body.Paused || body.PauseNote is not null)
            throw new ApiInputException("\"paused\" is not taken here: a debounced task is made to run once its burst ends; pause it afterwards (POST /api/tasks/{id}/pause)", "paused");
        if (body.Options?.Debounce is null) throw new ApiInputException("\"options.debounce\" is missing; expected {\"key\": \"…\", \"window\": \"5s\"}");
        var spec = StructuredSpec.Check(body) ?? throw new ApiInputException("\"spec\" is missing; expected a one-shot such as \"in 1 second\"");
        var result = await http.ActingClient().ScheduleWithResultAsync(body.Task, spec, body.Options);
        http.Response.Headers[TaskIdentityApi.OutcomeHeader] = TaskIdentityApi.OutcomeName(result.Outcome);
        return result.Outcome == ScheduleOutcome.Created
            ? Results.Created($"/api/tasks/{result.Task.Id}/schedule", result.Task)
            : Results.Ok(result.Task);
    }
}
