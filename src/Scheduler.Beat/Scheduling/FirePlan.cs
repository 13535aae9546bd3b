using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Beat.Scheduling;

/// <summary>What to do with one claimed occurrence: fire it or not, when the next one is due, and how the schedule ends.</summary>
internal sealed record FirePlan(bool Fire, DateTimeOffset? Next, ScheduleStatus? FinalStatus, string Reason);

/// <summary>The state of a schedule at the moment one of its occurrences is claimed.</summary>
internal sealed record FireInput(
    ParsedSchedule Schedule,
    ScheduleOptions Options,
    ScheduleStatus Status,
    DateTimeOffset Due,
    DateTimeOffset Now,
    long FireCount);

/// <summary>
/// Decides misfire, overlap and bound handling for a due occurrence. Pure: the clock comes in through
/// <see cref="FireInput.Now"/>, randomness through <paramref name="random"/>.
/// </summary>
internal static class FirePlanner
{
    public static FirePlan Plan(FireInput input, BeatOptions options, Func<double> random)
    {
        var (schedule, opts, status, due, now, fired) = input;
        if (status is not (ScheduleStatus.Scheduled or ScheduleStatus.Running))
            return new FirePlan(false, null, null, $"status is {status}");
        if (opts.EndAt is { } end && due > end)
            return new FirePlan(false, null, ScheduleStatus.Expired, "past endAt");

        var late = now - due;
        var missed = late > options.MisfireThreshold;
        var fire = !missed || opts.Misfire switch
        {
            MisfirePolicy.Skip => false,
            MisfirePolicy.RunAll => late <= options.CatchUpWindow,
            _ => true,
        };
        var reason = missed ? $"missed by {late.TotalSeconds:0.#} s ({opts.Misfire})" : "due";

        if (fire && status == ScheduleStatus.Running && schedule.IsRecurring && opts.Overlap == OverlapPolicy.Skip)
            (fire, reason) = (false, "previous run still going (overlap skip)");

        var firedAfter = fired + (fire ? 1 : 0);
        if (!schedule.IsRecurring)
            return new FirePlan(fire, null, fire ? null : ScheduleStatus.Expired, reason);
        if (opts.MaxRuns is { } max && firedAfter >= max)
            return new FirePlan(fire, null, fire ? null : ScheduleStatus.Completed, reason);

        // A jittered due lies less than one period after its nominal occurrence, so the next one after it is still right.
        var from = missed && opts.Misfire != MisfirePolicy.RunAll ? now : due;
        if (opts.StartAfter is { } start && start > from) from = start.AddTicks(-1);
        var next = schedule.NextAfter(from);
        if (next is { } n && opts.Jitter is { } jitter && jitter > TimeSpan.Zero)
            next = n + TimeSpan.FromMilliseconds(Math.Floor(random() * jitter.TotalMilliseconds));
        if (next is null || (opts.EndAt is { } e && next > e))
            return new FirePlan(fire, null, ScheduleStatus.Expired, reason);
        return new FirePlan(fire, next, null, reason);
    }
}
