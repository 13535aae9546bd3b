using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Runs across tasks and runs asked for by hand: <c>GET /api/runs/{runId}</c> (one run), <c>GET /api/runs/failed</c>, <c>POST /api/runs/{runId}/retry</c>,
/// <c>DELETE /api/runs/failed/{runId}</c> (dismiss), <c>GET /api/runs/in-progress</c> (across tasks),
/// <c>POST /api/tasks/{id}/backfill</c>; runs in progress (<c>GET /api/tasks/{id}/runs/in-progress</c>) and stopped by hand,
/// their task going on: <c>POST /api/tasks/{id}/stop</c> (every run in progress), <c>POST /api/runs/{runId}/stop</c> (one).
/// </summary>
internal static class RunsApi
{
    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder api)
    {
        api.MapGet("/runs/failed", FailedAsync).WithSummary("Failed and timed-out occurrences across all tasks, newest first; filter by task and type, paged");
        api.MapGet("/runs/in-progress", async (SchedulerClient client) => Results.Ok(await client.GetAllRunsInProgressAsync()))
            .WithSummary("Every run executing now across all tasks, oldest first: [{taskId, run: {runId, attempt, workerId, startedAt, stoppedBy}}] (scheduler active)");
        api.MapGet("/runs/{runId}", RunAsync)
            .WithSummary("One run by its id: its task, due instant, who asked for it, every attempt (worker, times, outcome, error, result), its state now, Hangfire job and whether it is in the failed list; 404 when unknown, 400 for a malformed id");
        api.MapPost("/runs/{runId}/retry", RetryAsync).TakesNoBody()
            .WithSummary("Run a failed or timed-out occurrence again as a new attempt of the same occurrence: 202, or 409 when it is not failed, already being retried, or its task was deleted or cancelled");
        api.MapDelete("/runs/failed/{runId}", DismissAsync).TakesNoBody()
            .WithSummary("Take a failed or timed-out run off the failed list without running it again (its history is kept): 204, or 404 when it is not listed");
        var task = api.MapIdGroup("/tasks/{id}", ApiResults.BadId);
        task.MapPost("/backfill", BackfillAsync)
            .WithSummary("Run the occurrences the schedule had between from and to (inclusive, to <= now, at most 1,000); dryRun previews them: 200 preview, 202 queued");
        task.MapGet("/runs/in-progress", InProgressAsync)
            .WithSummary("The task's runs executing now, oldest first: [{runId, attempt, workerId, startedAt, stoppedBy}] (the run ids POST /api/runs/{runId}/stop takes); 404 when no such task");
        task.MapPost("/stop", (string id, HttpContext http) => StopAsync(id, null, http)).TakesNoBody("; to stop one run, POST /api/runs/{runId}/stop")
            .WithSummary("Stop the task's runs in progress (recorded cancelled, not retried) and keep its schedule: 200 {id, stopped: [runId...]} (empty when none ran), 404, 409 for a one-shot or cancelled task");
        api.MapPost("/runs/{runId}/stop", StopRunAsync).TakesNoBody()
            .WithSummary("Stop one run in progress (recorded cancelled, not retried) and keep its task's schedule: 200 {id, stopped: [runId]}, 404 no such task, 409 when the run is not in progress");
        return api;
    }

    private static async Task<IResult> FailedAsync(SchedulerClient client, string? task, string? type, int? limit, int? offset)
    {
        if (limit is < 1 or > 1000) throw new ApiInputException($"limit {limit} is out of range; expected 1..1000");
        if (offset is < 0) throw new ApiInputException($"offset {offset} is negative; expected 0 or more");
        if (task is not null && !TaskIds.IsValid(task)) throw new ApiInputException($"task {Echo.Quoted(task)} is not a task id; expected {TaskIds.Accepted}");
        // The failed runs match the type exactly.
        ScheduleQuery.CheckTaskType(type, ignoreCase: false);
        return Results.Ok(await client.GetFailedRunsAsync(task, type, limit ?? 50, offset ?? 0));
    }

    private static async Task<IResult> RunAsync(string runId, SchedulerClient client)
    {
        if (Contracts.Runs.RunRequestStore.WellFormedTaskOf(runId) is null)
            throw new ApiInputException($"runId {Echo.Quoted(runId)} is not a run id; expected {SchedulerClient.RunIdForms} (the task id: {TaskIds.Accepted})", "runId");
        return await client.GetRunAsync(runId) is { } run ? Results.Ok(run)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such run",
                detail: $"no run {Echo.Quoted(runId)} is known (never run, or forgotten a week after it ended); GET /api/tasks/{{id}}/runs lists a task's runs");
    }

    private static async Task<IResult> RetryAsync(string runId, HttpContext http)
    {
        // A value that is no run id is a bad request, not a run in the wrong state (the client's refusal, a 409). A
        // blank one the client refuses itself, as empty.
        if (!string.IsNullOrWhiteSpace(runId) && Contracts.Runs.RunRequestStore.WellFormedTaskOf(runId) is null)
            throw new ApiInputException($"runId {Echo.Quoted(runId)} is not a run id; expected \"<taskId>:<instant>\" as GET /api/runs/failed lists them "
                + $"(the task id: {TaskIds.Accepted})", "runId");
        var request = await http.ActingClient().RetryRunAsync(runId);
        return Results.Accepted($"/api/tasks/{Uri.EscapeDataString(runId[..Math.Max(0, runId.LastIndexOf(':'))])}/runs", new { runId, request });
    }

    private static async Task<IResult> DismissAsync(string runId, HttpContext http)
    {
        if (Contracts.Runs.RunRequestStore.WellFormedTaskOf(runId) is null)
            throw new ApiInputException($"runId {Echo.Quoted(runId)} is not a run id; expected \"<taskId>:<instant>\" as GET /api/runs/failed lists them "
                + $"(the task id: {TaskIds.Accepted})", "runId");
        return await http.ActingClient().DismissFailedRunAsync(runId)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not listed",
                detail: $"run {Echo.Quoted(runId)} is not in the failed list (dismissed or retried already, or it did not fail); GET /api/runs/failed lists those that are");
    }

    private static async Task<IResult> InProgressAsync(string id, SchedulerClient client) =>
        await client.GetAsync(id) is null ? ApiResults.NotFound(id) : Results.Ok(await client.GetRunsInProgressAsync(id));

    private static async Task<IResult> StopRunAsync(string runId, HttpContext http)
    {
        if (Contracts.Runs.RunRequestStore.WellFormedTaskOf(runId) is not { } taskId)
            throw new ApiInputException($"runId {Echo.Quoted(runId)} is not a run id; expected \"<taskId>:<instant>\" as GET /api/tasks/{{id}}/runs lists them "
                + $"(the task id: {TaskIds.Accepted})", "runId");
        return await StopAsync(taskId, runId, http);
    }

    private static async Task<IResult> StopAsync(string id, string? runId, HttpContext http) =>
        await http.ActingClient().StopRunsAsync(id, runId) is { } stopped ? Results.Ok(new { id, stopped }) : ApiResults.NotFound(id);

    private static async Task<IResult> BackfillAsync(string id, HttpContext http, TimeProvider time)
    {
        var body = await ApiBody.ReadAsync<BackfillRequest>(http.Request);
        if (body.From is not { } from) throw new ApiInputException("\"from\" is missing; expected an ISO-8601 instant such as \"2026-11-01T00:00:00Z\"");
        var plan = await http.ActingClient().BackfillAsync(id, from, body.To ?? time.GetUtcNow(), body.DryRun);
        if (plan is null) return ApiResults.NotFound(id);
        return plan.DryRun || plan.ToRun == 0 ? Results.Ok(plan) : Results.Accepted($"/api/tasks/{Uri.EscapeDataString(id)}/runs", plan);
    }

    /// <summary>The body of <c>POST /api/tasks/{id}/backfill</c>.</summary>
    internal sealed record BackfillRequest(DateTimeOffset? From, DateTimeOffset? To, bool DryRun = false);
}
