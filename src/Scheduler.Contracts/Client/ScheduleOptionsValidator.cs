using System.Text.RegularExpressions;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

/// <summary>Checks <see cref="ScheduleOptions"/> before anything is written.</summary>
internal static partial class ScheduleOptionsValidator
{
    /// <summary>The largest jitter.</summary>
    public static readonly TimeSpan MaxJitter = TimeSpan.FromHours(1);

    public static IEnumerable<string> Validate(ScheduleOptions options)
    {
        if (options.Id is not null && !TaskIds.IsValid(options.Id))
            yield return $"id \"{Shorten(options.Id)}\" is not accepted; expected {TaskIds.Accepted}";
        if (options.Paused is not null && options.Debounce is not null)
            yield return "paused is not taken with debounce: a debounced task is made to run once its burst ends; pause it after, or leave out one of them";
        if (options.IdempotencyKey is { Length: 0 or > 256 })
            yield return "idempotencyKey must be 1 to 256 characters";
        // An empty name would list the task as a blank row; left out, the name defaults to the task type and spec.
        if (options.Name is { } named && string.IsNullOrWhiteSpace(named))
            yield return "name is empty; expected 1 to 200 characters of text, or no name (it then defaults to the task type and spec)";
        if (options.Name is { Length: > 200 }) yield return "name is longer than 200 characters";
        // A name is shown on one line (CLI, dashboard, logs): a line break in it could pass for a line of its own.
        if (options.Name is { } name && name.Any(char.IsControl)) yield return "name holds control characters (line breaks, tabs, U+0000); expected one line of plain text";
        if (options.Tags is { } written && written.Any(t => t is not null && t.Any(char.IsControl)))
            yield return "a tag holds control characters; expected plain text without line breaks or tabs";
        if (options.Description is { Length: > 4000 }) yield return "description is longer than 4000 characters";
        if (options.MaxRuns is <= 0) yield return $"maxRuns is {options.MaxRuns}; expected a positive number";
        if (options.StartAfter is { } start && options.EndAt is { } end && end <= start)
            yield return $"endAt ({end:O}) is not after startAfter ({start:O})";
        if (options.StartAt is { } first && options.EndAt is { } last && last < first)
            yield return $"endAt ({last:O}) is before startAt ({first:O})";
        if (options.StartAt is { } at && options.StartAfter is { } after && at < after)
            yield return $"startAt ({at:O}) is before startAfter ({after:O}); expected one of them, or startAt at or after startAfter";
        if (options.Jitter is { } jitter && (jitter < TimeSpan.Zero || jitter > MaxJitter))
            yield return $"jitter is {Flow.FlowDuration.Format(jitter)}; expected 0 to 1 hour";
        if (options.Queue is not null && !QueueName().IsMatch(options.Queue))
            yield return $"queue \"{Shorten(options.Queue)}\" is not accepted; expected 1 to 50 lower-case letters, digits, '_' or '-'";
        // The module filter refuses an empty value (it would match every task), so a task stored with one could not be
        // found by its module.
        if (options.ModuleId is { } module && string.IsNullOrWhiteSpace(module))
            yield return "moduleId is empty; expected the owning module's name, or no moduleId";
        // The tag given is quoted back, so an empty one (--tag "") shows as "" rather than as nothing at all.
        if (options.Tags is { } tags && tags.Count > 50)
            yield return $"tags holds {tags.Count} tags; {TagsAccepted}";
        else if (options.Tags?.Where(t => string.IsNullOrWhiteSpace(t) || t.Length > 100).Select(t => t ?? "").ToList() is [var bad, ..])
            yield return $"tags holds \"{Shorten(bad)}\"{(bad.Length > 100 ? $" ({bad.Length} characters)" : "")}; {TagsAccepted}";
        if (!Enum.IsDefined(options.Misfire)) yield return "misfire is unknown; expected runOnce, skip or runAll";
        if (!Enum.IsDefined(options.Overlap)) yield return "overlap is unknown; expected skip, allow, queue or cancelPrevious";
        if (options.TimeZone is not null)
        {
            string? error = null;
            try { _ = ScheduleTimeZones.Find(options.TimeZone); }
            catch (ScheduleSpecException e) { error = e.Message; }
            if (error is not null) yield return error;
        }
    }

    /// <summary>
    /// A jitter not shorter than the schedule's shortest gap between occurrences, or null. Beat computes the next
    /// occurrence after the jittered instant, so a delay reaching the following occurrence steps over it: with
    /// "every 1m" and a 90 s jitter about one run in three was skipped, silently. The gap is measured over the next
    /// <see cref="GapSamples"/> occurrences from <paramref name="from"/> (an interval's is exact); Beat also caps
    /// each delay below the gap it lands in, for the rare shorter gap further on (a DST change).
    /// </summary>
    public static string? JitterProblem(ParsedSchedule schedule, TimeSpan? jitter, DateTimeOffset from)
    {
        if (jitter is not { } bound || bound <= TimeSpan.Zero || schedule.Kind is ScheduleKind.Once or ScheduleKind.Trigger) return null;
        var gap = ShortestGap(schedule, from, bound);
        return gap is { } g && g <= bound
            ? $"jitter is {Flow.FlowDuration.Format(bound)}, not shorter than the {Flow.FlowDuration.Format(g)} between two occurrences of \"{Shorten(schedule.Description)}\"; " +
              $"expected less than {Flow.FlowDuration.Format(g)} (a run delayed that far would pass the next occurrence, which would be skipped), or a sparser schedule"
            : null;
    }

    private const int GapSamples = 1000;

    // Stops at the first gap within the bound: that is enough to refuse, and a dense schedule costs little.
    private static TimeSpan? ShortestGap(ParsedSchedule schedule, DateTimeOffset from, TimeSpan bound)
    {
        if (schedule.Kind == ScheduleKind.Interval) return schedule.Interval;
        TimeSpan? shortest = null;
        try
        {
            var previous = schedule.NextAfter(from);
            for (var i = 0; i < GapSamples && previous is { } p && schedule.NextAfter(p) is { } next; i++, previous = next)
            {
                var gap = next - p;
                if (shortest is null || gap < shortest) shortest = gap;
                if (gap <= bound) break;
            }
        }
        catch (ScheduleSpecException)
        {
            // A rule too sparse to evaluate far ahead: the gaps seen so far decide, and Beat caps each delay anyway.
        }
        return shortest;
    }

    private const string TagsAccepted = "expected at most 50 tags, each 1 to 100 characters and not only spaces";

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    /// <summary>Whether <paramref name="queue"/> is a queue name a task may name (and so a worker may serve).</summary>
    internal static bool IsQueueName(string? queue) => queue is not null && QueueName().IsMatch(queue);

    [GeneratedRegex("^[a-z0-9_-]{1,50}$")]
    private static partial Regex QueueName();
}
