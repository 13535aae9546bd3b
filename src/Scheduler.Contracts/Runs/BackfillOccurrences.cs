using System.Globalization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Contracts.Runs;

/// <summary>
/// The instants a schedule would have fired between two instants: pure, so the range rules and the cap are unit-tested.
/// Jitter is left out (a backfill runs each occurrence at its nominal instant) and the misfire policy does not apply
/// (the operator asked for these occurrences).
/// </summary>
internal static class BackfillOccurrences
{
    /// <exception cref="InvalidBackfillException">The range is empty, reversed or in the future, the schedule is not
    /// recurring, or the range holds more than <paramref name="cap"/> occurrences.</exception>
    public static IReadOnlyList<DateTimeOffset> Compute(string taskId, ParsedSchedule schedule, ScheduleOptions options,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, int cap = BackfillPlan.MaxOccurrences)
    {
        if (schedule.Kind == ScheduleKind.Trigger)
            throw new InvalidBackfillException($"task {taskId} runs on a trigger ({schedule.Canonical}); backfill needs a schedule with instants");
        if (!schedule.IsRecurring)
            // Named by the operation every surface calls it (CLI trigger/retry, REST .../trigger and .../retry, TriggerAsync).
            throw new InvalidBackfillException(
                $"task {taskId} runs once ({schedule.Canonical}); backfill runs the past occurrences of a recurring schedule: to run a one-shot again, trigger it, or retry its failed run");
        if (from > to) throw new InvalidBackfillException($"from {Text(from)} is after to {Text(to)}; expected from <= to");
        if (to > now) throw new InvalidBackfillException($"to {Text(to)} is in the future (now is {Text(now)}); a backfill runs past occurrences only");
        // The occurrences the schedule "would have had": none before startAfter or after endAt.
        var start = options.StartAfter is { } after && after > from ? after : from;
        var end = options.EndAt is { } endAt && endAt < to ? endAt : to;
        var instants = new List<DateTimeOffset>();
        for (var next = schedule.NextFrom(start); next is { } at && at <= end; next = schedule.NextAfter(at))
        {
            if (instants.Count == cap)
                throw new InvalidBackfillException(
                    $"{Text(from)} to {Text(to)} holds more than {cap.ToString("N0", CultureInfo.InvariantCulture)} occurrences of \"{schedule.Canonical}\"; narrow the range (at most {cap.ToString("N0", CultureInfo.InvariantCulture)} per backfill)");
            instants.Add(at);
        }
        return instants;
    }

    private static string Text(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
