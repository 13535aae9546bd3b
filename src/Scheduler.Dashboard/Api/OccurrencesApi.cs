using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>GET /api/tasks/{id}/occurrences?count=10</c>: a stored schedule's upcoming occurrences. Evaluated from the stored
/// canonical schedule, not by re-parsing the spec, so relative specs ("in 5 minutes") keep their original instant.
/// </summary>
internal static class OccurrencesApi
{
    public const int DefaultCount = 10;

    public static RouteGroupBuilder MapOccurrences(this RouteGroupBuilder api)
    {
        api.MapIdGroup("/tasks/{id}", ApiResults.BadId).MapGet("/occurrences", ListAsync).WithSummary("A task's next occurrences, starting at its next run (inclusive)");
        return api;
    }

    private static async Task<IResult> ListAsync(SchedulerClient client, TimeProvider time, string id, int? count)
    {
        if (count is < 1 or > SchedulerClient.MaxOccurrences) throw new ApiInputException($"count {count} is out of range; expected 1..{SchedulerClient.MaxOccurrences}");
        if (await client.GetAsync(id) is not { } task) return ApiResults.NotFound(id);
        return Results.Ok(new
        {
            id,
            timeZone = task.Schedule.TimeZone,
            description = task.Schedule.Description,
            occurrences = Upcoming(task, count ?? DefaultCount, time.GetUtcNow()),
        });
    }

    /// <summary>The task's next occurrences, as <see cref="SchedulerClient.GetNextOccurrencesAsync"/> lists them.</summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(ScheduledTask task, int count, DateTimeOffset now) => SchedulerClient.Upcoming(task, count, now);
}
