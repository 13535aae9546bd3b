using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Events;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Api;

/// <summary>The REST API's reads: schedules, one task, its runs, a spec preview, and health.</summary>
internal static class SchedulesApi
{
    private static readonly TimeSpan HeartbeatFreshness = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapSchedulerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/schedules", ListAsync).WithSummary("List schedules, newest first or in a sort order (sort=name, -next, …), with filters, a free-text search (q: id, name, type, status, spec, tags) and paging");
        var task = api.MapIdGroup("/tasks/{id}", ApiResults.BadId);
        task.MapGet("/schedule", GetAsync).WithSummary("One task's schedule and state");
        task.MapGet("/runs", RunsAsync).WithSummary("A task's execution attempts, newest first");
        api.MapPost("/schedules/parse", ParseAsync).WithSummary("Preview a spec: description and next occurrences");
        api.MapTaskCommands();
        api.MapBulkPause();
        api.MapApply();
        api.MapAudit();
        api.MapDebounce();
        api.MapTaskIdentity();
        api.MapCleanupApi();
        api.MapEvents();
        Triggers.PublishApi.MapPublish(api);
        api.MapOccurrences();
        api.MapRuns();
        api.MapGlance();
        api.MapWorkers();
        api.MapFlow();
        app.MapGet("/health", HealthAsync).WithSummary("Redis reachability and beat/worker heartbeats");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, SchedulerClient client, string? status, string? type, string? tag, string? module,
        string? name, bool? recurring, int? limit, int? offset, string? q, string? outcome, string? sort)
    {
        // A type that is no task type matches nothing: refused, as GET /api/runs/failed refuses it.
        ScheduleQuery.CheckTaskType(type);
        var filter = TaskChangesApi.Filter(status, type, tag, module, name, recurring) with { Query = ScheduleQuery.Text(q), LastOutcome = ScheduleQuery.Outcome(outcome) };
        if (limit is < 1 or > 1000) throw new ApiInputException($"limit {limit} is out of range; expected 1..1000");
        if (offset is < 0) throw new ApiInputException($"offset {offset} is negative; expected 0 or more");
        var order = ScheduleQuery.Sort(sort);
        var (asked, skip) = (limit ?? 100, offset ?? 0);
        if (!order.IsDefault)
        {
            // Another order than creation's reads every match's sort fields, and so knows the total.
            var (page, total) = await client.ListSortedAsync(filter, order, asked, skip);
            if (skip + asked < total) http.Response.Headers.Link = $"<{NextPage(http.Request, skip + asked)}>; rel=\"next\"";
            return Results.Ok(page);
        }
        var found = await client.ListAsync(filter, asked + 1, skip);
        if (found.Count <= asked) return Results.Ok(found);
        // More match than the page holds: said the way paged APIs say it (RFC 8288), so a client neither stops at the
        // first page believing it has everything nor has to ask for an empty one to find out.
        http.Response.Headers.Link = $"<{NextPage(http.Request, skip + asked)}>; rel=\"next\"";
        return Results.Ok(found.Take(asked).ToList());
    }

    private static string NextPage(HttpRequest request, int offset)
    {
        var query = request.Query.Where(p => !string.Equals(p.Key, "offset", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    private static async Task<IResult> GetAsync(SchedulerClient client, string id) =>
        await client.GetAsync(id) is { } task ? Results.Ok(task) : ApiResults.NotFound(id);

    private static async Task<IResult> RunsAsync(SchedulerClient client, string id, int? limit)
    {
        if (limit is < 1 or > 1000) throw new ApiInputException($"limit {limit} is out of range; expected 1..1000");
        if (await client.GetAsync(id) is null) return ApiResults.NotFound(id);
        return Results.Ok(await client.GetRunsAsync(id, limit ?? 50));
    }

    private static async Task<IResult> ParseAsync(HttpRequest request, TimeProvider time)
    {
        var body = await ApiBody.ReadAsync<ParseRequest>(request);
        if (body.Count is < 1 or > SchedulerClient.MaxOccurrences)
            throw new ApiInputException($"count {body.Count} is out of range; expected 1..{SchedulerClient.MaxOccurrences}");
        var now = body.Now ?? time.GetUtcNow();
        var parsed = ScheduleParser.Parse(body.Spec, new ScheduleParseOptions { TimeZone = body.TimeZone ?? "UTC", Now = now });
        return Results.Ok(new
        {
            kind = parsed.Kind.ToString().ToLowerInvariant(),
            canonical = parsed.Canonical,
            timeZone = parsed.TimeZone,
            description = parsed.Description,
            next = parsed.NextInZone(body.Count ?? 10, now),
        });
    }

    private static async Task<IResult> HealthAsync(IConnectionMultiplexer redis, SchedulerClient client)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            var alive = await client.GetLiveProcessesAsync(HeartbeatFreshness);
            var beats = alive.Where(m => m.StartsWith("beat:")).ToList();
            var workers = alive.Where(m => m.StartsWith("worker:")).ToList();
            var loss = await client.GetDataSetLossAsync();
            // Runs waiting where no live worker takes them wait for ever, though every process is alive.
            var unserved = Contracts.Capabilities.UnservedQueues.Of(await client.GetQueuesAsync());
            // Each process goes by Redis's clock, but a host whose own clock is off deserves an operator's look.
            var clocks = await client.GetClockSkewsAsync(alive);
            return Results.Ok(new
            {
                status = beats.Count > 0 && workers.Count > 0 && loss is null && unserved.Count == 0 ? "healthy" : "degraded",
                redis = new { reachable = true, latencyMs = latency.TotalMilliseconds, dataLost = loss is null ? null : loss.Describe() },
                beats,
                workers,
                unservedQueues = unserved.Select(q => new { q.Name, q.Waiting, q.OldestWaitingSince }),
                problem = unserved.Count > 0 ? Contracts.Capabilities.UnservedQueues.Describe(unserved) : null,
                clocks = clocks.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => new { aheadOfRedisMs = Math.Round(c.Value.TotalMilliseconds, 1) }),
                clockNotes = Contracts.Storage.ClockOffsets.Notes(clocks),
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return Results.Json(new { status = "unhealthy", redis = new { reachable = false, error = Contracts.Storage.RedisFailure.Describe(e) } },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
