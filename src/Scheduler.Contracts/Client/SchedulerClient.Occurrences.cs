using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>The most <see cref="GetNextOccurrencesAsync"/> lists at once.</summary>
    public const int MaxOccurrences = 100;

    /// <summary>
    /// A task's next <paramref name="count"/> occurrences (1 to <see cref="MaxOccurrences"/>), starting at its next run
    /// (inclusive), in its schedule's zone: what the REST API's <c>GET /api/tasks/{id}/occurrences</c> and the
    /// dashboard's task page list. A paused task's start from now; an ended one has none; none is after the task's end
    /// (endAt), nor beyond its max runs (those Beat has fired are counted off). Null when no such task exists.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside 1 to <see cref="MaxOccurrences"/>.</exception>
    public async Task<IReadOnlyList<DateTimeOffset>?> GetNextOccurrencesAsync(string id, int count = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxOccurrences);
        return await GetAsync(id, cancellationToken) is { } task ? Upcoming(task, count, _time.GetUtcNow()) : null;
    }

    /// <summary>
    /// Up to <paramref name="count"/> occurrences in the schedule's own zone, starting at <see cref="ScheduledTask.NextRunAt"/>
    /// inclusive. Evaluated from the stored canonical schedule, not by parsing the spec again, so relative specs ("in 5
    /// minutes") keep their instant. A paused task has no next run stored, so its preview starts from now. None is after
    /// the task's end (its endAt), and there are no more than the runs its max runs leaves: max runs less the occurrences
    /// Beat has fired (<see cref="ScheduledTask.FireCount"/>), as Beat ends the task at that count.
    /// </summary>
    internal static IReadOnlyList<DateTimeOffset> Upcoming(ScheduledTask task, int count, DateTimeOffset now)
    {
        DateTimeOffset? from = task.NextRunAt ?? (task.Status == ScheduleStatus.Paused ? now : null);
        if (task.Options.MaxRuns is { } max) count = (int)Math.Clamp(max - task.FireCount, 0, count);
        if (from is null || count == 0) return [];
        var upcoming = WithNextRunFirst(task, task.Schedule.NextInZone(count, from.Value), count);
        // Beat fires nothing past the task's end (an occurrence at the end instant still fires): neither does the preview.
        return task.Options.EndAt is { } end ? upcoming.Where(at => at <= end).ToList() : upcoming;
    }

    // The next run Beat holds need not be one of the schedule's own occurrences: a first run anchored at startAt
    // (IntervalSchedule's nextExecution) before a cron's, or an occurrence moved by jitter. Beat fires it all the same,
    // so the preview lists it first rather than starting at the occurrence after it.
    private static IReadOnlyList<DateTimeOffset> WithNextRunFirst(ScheduledTask task, IReadOnlyList<DateTimeOffset> occurrences, int count)
    {
        if (task.NextRunAt is not { } next || (occurrences.Count > 0 && occurrences[0] == next)) return occurrences;
        var inZone = TimeZoneInfo.ConvertTime(next, Scheduling.ScheduleTimeZones.Find(task.Schedule.TimeZone));
        return [inZone, .. occurrences.Take(count - 1)];
    }
}
