using Microsoft.AspNetCore.Http.HttpResults;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Api;

/// <summary>The REST API: read schedules and their runs, and report health.</summary>
internal static class SchedulesApi
{
    private static readonly TimeSpan HeartbeatFreshness = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapSchedulerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/schedules", ListAsync);
        api.MapGet("/tasks/{id}/schedule", GetAsync);
        api.MapGet("/tasks/{id}/runs", RunsAsync);
        app.MapGet("/health", HealthAsync);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<ScheduledTask>>, ProblemHttpResult>> ListAsync(
        ScheduleStore store, string? status, string? type, string? tag, string? module, string? name, int? limit, int? offset)
    {
        ScheduleStatus? parsedStatus = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ScheduleStatus>(status, true, out var s) || int.TryParse(status, out _))
                return TypedResults.Problem($"unknown status \"{status}\"; expected one of {string.Join(", ", Enum.GetNames<ScheduleStatus>().Select(n => n.ToLowerInvariant()))}",
                    statusCode: StatusCodes.Status400BadRequest, title: "Bad filter");
            parsedStatus = s;
        }
        if (limit is < 1 or > 1000)
            return TypedResults.Problem($"limit {limit} is out of range; expected 1..1000", statusCode: StatusCodes.Status400BadRequest, title: "Bad paging");
        var filter = new ScheduleFilter { Status = parsedStatus, TaskType = type, Tag = tag, ModuleId = module, NameContains = name };
        return TypedResults.Ok(await store.ListAsync(filter.Matches, limit ?? 100, Math.Max(0, offset ?? 0)));
    }

    private static async Task<Results<Ok<ScheduledTask>, ProblemHttpResult>> GetAsync(ScheduleStore store, string id) =>
        await store.GetAsync(id) is { } task ? TypedResults.Ok(task) : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<TaskRun>>, ProblemHttpResult>> RunsAsync(ScheduleStore store, string id, int? limit)
    {
        if (await store.GetAsync(id) is null) return NotFound(id);
        return TypedResults.Ok(await store.GetRunsAsync(id, Math.Clamp(limit ?? 50, 1, 1000)));
    }

    private static async Task<IResult> HealthAsync(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
    {
        try
        {
            var db = redis.GetDatabase();
            var latency = await db.PingAsync();
            var fresh = time.GetUtcNow() - HeartbeatFreshness;
            var alive = await db.SortedSetRangeByScoreAsync(keys.Heartbeats, fresh.ToUnixTimeMilliseconds());
            var members = alive.Select(m => m.ToString()).ToList();
            return Results.Ok(new
            {
                status = "healthy",
                redis = new { reachable = true, latencyMs = latency.TotalMilliseconds },
                beats = members.Where(m => m.StartsWith("beat:")).ToList(),
                workers = members.Where(m => m.StartsWith("worker:")).ToList(),
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return Results.Json(new { status = "unhealthy", redis = new { reachable = false, error = e.Message } },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"no task with id \"{(id.Length > 128 ? id[..128] + "…" : id)}\"", statusCode: StatusCodes.Status404NotFound, title: "Task not found");
}
