using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>The REST operations that change tasks: schedule (or replace), cancel, pause, resume, trigger, update.</summary>
internal static class TasksApi
{
    public static RouteGroupBuilder MapTaskCommands(this RouteGroupBuilder api)
    {
        var task = api.MapIdGroup("/tasks/{id}", ApiResults.BadId);
        task.MapPost("/schedule", (string id, HttpContext http) => ScheduleAsync(id, http, put: false))
            .WithSummary("Schedule a task under this id: 201 created (or scheduled anew after it ended), 200 already scheduled with this definition, 409 when a live task holds another (200 replaced with \"options\": {\"replace\": true}); \"paused\": true (and \"pauseNote\") creates it paused");
        task.MapPut("/schedule", (string id, HttpContext http) => ScheduleAsync(id, http, put: true))
            .WithSummary("Schedule or replace in place: the same body as POST; a live task with another definition is replaced (200), keeping its id and history");
        task.MapPost("/pause", PauseApi.PauseAsync).WithSummary("Pause a task; optional body {note, until}: why, and when the pause lifts itself");
        task.MapPost("/resume", (string id, HttpContext http) => Act(id, http.ActingClient().ResumeAsync)).TakesNoBody().WithSummary("Resume a paused task");
        task.MapPost("/trigger", TriggerAsync)
            .TakesNoBody("; to run a task with data, publish an event its trigger waits for: POST /api/events/{name} with the payload as its body").WithSummary("Run a task once now; its schedule is unchanged");
        task.MapPatch("", UpdateAsync).WithSummary("Change a task's definition, spec or options");
        task.MapGet("/wait", WaitAsync).WithSummary("Wait for the next (or a given) run's final result");
        api.MapTaskChanges(task);
        return api;
    }

    /// <summary>
    /// POST replaces a live task holding the id when the body's options say <c>"replace": true</c>, as the client's
    /// <see cref="ScheduleOptions.Replace"/> does; PUT always replaces, so a <c>"replace": false</c> sent to it is refused
    /// rather than ignored.
    /// </summary>
    private static async Task<IResult> ScheduleAsync(string id, HttpContext http, bool put)
    {
        var request = http.Request;
        var client = http.ActingClient();
        var body = await ApiBody.ReadAsync<ScheduleRequest>(request);
        if (body.Task is null) throw new ApiInputException("\"task\" is missing; expected an object with a \"type\" such as \"notification\"");
        var spec = StructuredSpec.Check(body);
        var asked = StrictOptionFields.ReplaceGiven(body.Options);
        if (put && asked == false)
            throw new ApiInputException($"replace is false, but PUT /api/tasks/{id}/schedule always replaces a live task that holds the id; "
                + $"to schedule without replacing (409 when the id holds another definition), use POST /api/tasks/{id}/schedule");
        var options = (body.Options ?? new ScheduleOptions()) with { Id = id, Replace = put || asked == true, Paused = body.Pause() };
        return await TaskIdentityApi.AnswerAsync(http, id, () => spec is null
            ? client.ScheduleWithResultAsync(body.Task, body.Schedule!, options)
            : client.ScheduleWithResultAsync(body.Task, spec, options));
    }

    private static async Task<IResult> TriggerAsync(string id, HttpContext http) =>
        await http.ActingClient().TriggerNowAsync(id) is { } runId
            ? Results.Accepted($"/api/tasks/{id}/runs", new { id, runId })
            : ApiResults.NotFound(id);

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request)
    {
        var client = request.HttpContext.ActingClient();
        var changes = await ApiBody.ReadAsync<TaskUpdate>(request, async body => InTasksZone(await WholeTaskAsync(id, client, body), await client.GetAsync(id)));
        // Every field left out (or null) changes nothing: refused as the CLI's update refuses it, rather than stamping
        // the task changed by whoever sent it.
        if (changes.IsEmpty)
            throw new ApiInputException($"nothing to change; expected at least one of {string.Join(", ", ApiBody.FieldsOf(typeof(TaskUpdate)).Select(f => f.Name).Where(f => f != "verify"))}");
        return await client.UpdateAsync(id, changes) is { } task ? Results.Ok(task) : ApiResults.NotFound(id);
    }

    // {"endAt": "2027-12-24T18:00"}: an instant without an offset in a PATCH that names no zone is the task's own zone's
    // wall-clock time, as `scheduler update --end-at` reads it.
    private static ReadOnlyMemory<byte> InTasksZone(ReadOnlyMemory<byte> body, Contracts.Schedules.ScheduledTask? task) =>
        // No such task: read in UTC, so that the answer is the 404 it is, not a refused instant.
        Contracts.Scheduling.WallClockInstants.InZone(body, task?.Schedule.TimeZone ?? "UTC");

    // {"task": {"message": "changed"}}: the fields to change in the stored definition (TaskChanges), read whole only
    // then. Anything else, a body that is no JSON among it, goes on as it came, for the strict reading to judge.
    private static async Task<ReadOnlyMemory<byte>> WholeTaskAsync(string id, SchedulerClient client, ReadOnlyMemory<byte> body)
    {
        JsonDocument given;
        try { given = JsonDocument.Parse(body); }
        catch (JsonException) { return body; }
        using (given)
        {
            if (given.RootElement.ValueKind != JsonValueKind.Object || !given.RootElement.TryGetProperty("task", out var task)
                || !TaskChanges.AreFieldsOnly(task)) return body;
            JsonObject root;
            // A field given twice at the top (JsonObject refuses it): the strict reading names the problem.
            try { root = JsonNode.Parse(body.Span)!.AsObject(); _ = root.Count; }
            catch (ArgumentException) { return body; }
            var current = await client.GetAsync(id) ?? throw new ApiInputException(
                $"\"task\" has no \"type\", so it names fields to change in task {id}'s definition, but no task has id {id}", "task");
            root["task"] = TaskChanges.Apply(current.Task, task);
            return JsonSerializer.SerializeToUtf8Bytes(root);
        }
    }

    private static async Task<IResult> WaitAsync(string id, SchedulerClient client, string? runId, double? timeoutSeconds, CancellationToken aborted)
    {
        if (timeoutSeconds is < 0 or > 300 || timeoutSeconds is { } t && !double.IsFinite(t)) throw new ApiInputException($"timeoutSeconds {timeoutSeconds} is out of range; expected 0..300");
        if (await client.GetAsync(id) is null) return ApiResults.NotFound(id);
        var run = await client.WaitForResultAsync(id, TimeSpan.FromSeconds(timeoutSeconds ?? 30), runId, aborted);
        // The client answers at once for a task that ended without a run to report; that is no timeout.
        if (run is null && runId is null && await client.GetAsync(id) is { } task && ScheduleStatusNames.HasEnded(task.Status))
            return Results.Problem($"task {id} is {ScheduleStatusNames.Name(task.Status)} with no run to wait for",
                statusCode: StatusCodes.Status409Conflict, title: "Already ended");
        return run is null
            ? Results.Problem($"no final result for task {id} within {timeoutSeconds ?? 30} s", statusCode: StatusCodes.Status408RequestTimeout, title: "Timed out")
            : Results.Ok(run);
    }

    private static async Task<IResult> Act(string id, Func<string, CancellationToken, Task<bool>> action) =>
        await action(id, CancellationToken.None) ? Results.Ok(new { id }) : ApiResults.NotFound(id);
}
