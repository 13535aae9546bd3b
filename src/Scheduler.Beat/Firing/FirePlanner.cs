using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Decides misfire, overlap and bound handling for a due occurrence. Pure: the clock comes in through
/// <see cref="FireInput.Now"/>, randomness through <paramref name="random"/>.
/// </summary>
internal static class FirePlanner
{
    public static FirePlan Plan(FireInput input, BeatOptions options, Func<double> random)
    {
        var (schedule, opts, status, due, now, fired, queuedRuns, firstClaimed, _) = input;
        // As of its first claim when that one lapsed and this one follows the lapse promptly: a Beat that reached the
        // occurrence on time and then died, or whose fire Redis failed, does not make it a missed one (its job may even
        // exist, and would otherwise be refused: RunLedgerScripts.BeginRun). Claimed long after the lapse (every Beat was
        // down), it is judged as of now.
        var judgedAt = firstClaimed is { } first && first >= due && now - (first + options.ClaimLease) <= options.MisfireThreshold ? first : now;
        if (status is not (ScheduleStatus.Scheduled or ScheduleStatus.Running))
            return new FirePlan(false, null, null, $"status is {status}");
        // Also when it is due before endAt but only reached past it (paused, or no Beat ran): nothing fires after endAt,
        // bar the lateness any fire has (the misfire threshold).
        if (opts.EndAt is { } end && (due > end || judgedAt - end > options.MisfireThreshold))
            return new FirePlan(false, null, ScheduleStatus.Expired, "past endAt");
        // Max runs lowered below the runs already fired (an update): nothing more fires. Should another update raise it
        // again before this is committed, the commit takes the next occurrence after now instead (as the raise would).
        if (opts.MaxRuns is { } max && fired >= max)
            return new FirePlan(false, null, ScheduleStatus.Completed, $"max runs ({max}) reached")
            {
                EndsAtMaxRuns = max,
                NextBeyondMaxRuns = schedule.IsRecurring ? Advance(schedule, opts with { MaxRuns = null }, now, false, fired, "", random).Next : null,
            };

        var late = judgedAt - due;
        // Missed: late past the threshold, or, less late, with a later occurrence already due as well (a task paused
        // for a few of its periods, or Beat held up as long). Fired one after another, each would pass the threshold
        // and a short pause would replay every run it held back at once, whatever the misfire policy says.
        // A jittered later occurrence is due only once its delay has passed too, which may be as long as the jitter.
        var superseded = late <= options.MisfireThreshold && late > TimeSpan.Zero && schedule.IsRecurring
            && LaterOneDue(schedule, due, judgedAt - (opts.Jitter ?? TimeSpan.Zero));
        var missed = late > options.MisfireThreshold || superseded;
        var fire = !missed || opts.Misfire switch
        {
            MisfirePolicy.Skip => false,
            MisfirePolicy.RunAll => late <= options.CatchUpWindow,
            _ => true,
        };
        var reason = superseded ? $"missed by {late.TotalSeconds:0.#} s, a later occurrence due too ({opts.Misfire})"
            : missed ? $"missed by {late.TotalSeconds:0.#} s ({opts.Misfire})" : "due";
        // runOnce's one run is the next occurrence when that is due within a blink (a Beat back from an outage just
        // before it): fired both, two runs would start together and, under overlap skip, one would skip the other.
        if (missed && fire && opts.Misfire == MisfirePolicy.RunOnce && schedule.IsRecurring && NextWithin(schedule, now, ImminentCatchUp) is { } soon)
            (fire, reason) = (false, $"missed by {late.TotalSeconds:0.#} s; the next occurrence, due in {(soon - now).TotalMilliseconds:0} ms, is its one run ({opts.Misfire})");

        // A runAll replay under overlap skip is fired whatever runs: the worker starts it when the run before it has
        // ended, so that the missed runs run one after another rather than skip each other. So is the occurrence due
        // while only replays run: they are the runs it missed, not one of its own still going.
        var replaysInOrder = opts.Misfire == MisfirePolicy.RunAll && opts.Overlap == OverlapPolicy.Skip;
        var overlapping = fire && status == ScheduleStatus.Running && schedule.IsRecurring && !(replaysInOrder && (missed || input.BehindReplays));
        var (queued, cancelsPrevious) = (false, false);
        if (overlapping)
        {
            switch (opts.Overlap)
            {
                case OverlapPolicy.Skip:
                    (fire, reason) = (false, "previous run still going (overlap skip)");
                    break;
                case OverlapPolicy.Queue when queuedRuns > 0:
                    (fire, reason) = (false, "previous run still going and one run already waits (overlap queue)");
                    break;
                case OverlapPolicy.Queue:
                    (queued, reason) = (true, "queued behind the running one (overlap queue)");
                    break;
                case OverlapPolicy.CancelPrevious:
                    (cancelsPrevious, reason) = (true, "cancelling the running one (overlap cancelPrevious)");
                    break;
            }
        }

        // Every way out above that does not fire is the task's end; from here a plan that does not fire is a skip.
        var firedAfter = fired + (fire ? 1 : 0);
        if (!schedule.IsRecurring)
            return new FirePlan(fire, null, fire ? null : ScheduleStatus.Expired, reason) { Skipped = !fire };
        // runAll steps through missed occurrences one claim at a time, but only those within the catch-up window can
        // fire: a start (or an outage) far in the past jumps to the window instead of walking every occurrence since.
        var resumeFrom = !missed ? due
            : opts.Misfire != MisfirePolicy.RunAll ? now
            : late > options.CatchUpWindow ? now - options.CatchUpWindow : due;
        // skip drops what was missed, not the latest occurrence when that one is on time (late within the threshold,
        // no later one due): a Beat back from an outage fires it as it would have. The ones between are said in the reason.
        if (missed && !fire && opts.Misfire == MisfirePolicy.Skip)
        {
            var (onTime, between) = AfterMissed(schedule, due, now, options.MisfireThreshold);
            if (onTime is { } latest) resumeFrom = latest.AddTicks(-1);
            if (between != 0) reason += between > 0 ? $"; {between} later occurrence{(between == 1 ? "" : "s")} missed as well, skipped with it" : "; many later occurrences missed as well, skipped with it";
        }
        var plan = Advance(schedule, opts, resumeFrom, fire, firedAfter, reason, random);
        return plan with { Queued = queued, CancelsPrevious = cancelsPrevious, Skipped = !fire, Replay = fire && missed && replaysInOrder };
    }

    private static FirePlan Advance(ParsedSchedule schedule, ScheduleOptions opts, DateTimeOffset from,
        bool fire, long firedAfter, string reason, Func<double> random)
    {
        if (opts.MaxRuns is { } max && firedAfter >= max)
        {
            // The next occurrence is still worked out: an update raising the max between the read this plan comes from
            // and its commit finds this occurrence due and leaves the next run to the commit (FiringScripts.CommitFires).
            var beyond = Advance(schedule, opts with { MaxRuns = null }, from, fire, firedAfter, reason, random);
            return new FirePlan(fire, null, fire ? null : ScheduleStatus.Completed, reason) { EndsAtMaxRuns = max, NextBeyondMaxRuns = beyond.Next };
        }

        // A jittered due lies less than one period after its nominal occurrence, so the next one after it is still right.
        if (opts.StartAfter is { } start && start > from) from = start.AddTicks(-1);
        DateTimeOffset? next;
        try
        {
            next = schedule.NextAfter(from);
        }
        catch (ScheduleSpecException error)
        {
            // A rule too sparse to evaluate (or otherwise unevaluable) is not ended: marking it Expired would hide it,
            // and letting the throw escape would retry it every claim lease forever. Failed stops it visibly.
            return new FirePlan(fire, null, ScheduleStatus.Failed, $"{reason}; next occurrence not computable: {error.Message}");
        }
        if (next is { } n && opts.Jitter is { } jitter && jitter > TimeSpan.Zero)
            next = n + TimeSpan.FromMilliseconds(Math.Floor(random() * JitterBound(schedule, n, jitter).TotalMilliseconds));
        if (next is null || (opts.EndAt is { } e && next > e))
            return new FirePlan(fire, null, ScheduleStatus.Expired, reason);
        return new FirePlan(fire, next, null, reason);
    }

    // Counted one by one up to here: after a long outage every skipped task of a round pays for its count.
    private const int MissedCountLimit = 100;

    /// <summary>
    /// After occurrence <paramref name="due"/> was missed: the latest occurrence due by <paramref name="now"/> when it is
    /// late by no more than <paramref name="threshold"/> (else null), and how many occurrences between the two were
    /// missed as well (−1: more than <see cref="MissedCountLimit"/>).
    /// </summary>
    private static (DateTimeOffset? OnTime, int Between) AfterMissed(ParsedSchedule schedule, DateTimeOffset due, DateTimeOffset now, TimeSpan threshold,
        bool searchRecent = true)
    {
        try
        {
            var (cursor, count) = (due, 0);
            for (var next = schedule.NextAfter(cursor); next is { } n && n <= now; next = schedule.NextAfter(cursor))
            {
                if (++count > MissedCountLimit && searchRecent)
                {
                    // An outage long against the period: the latest is searched from the threshold back, not from the start.
                    var (recent, _) = AfterMissed(schedule, now - threshold - TimeSpan.FromTicks(1), now, threshold, searchRecent: false);
                    return (recent, -1);
                }
                cursor = n;
            }
            var onTime = cursor > due && now - cursor <= threshold ? cursor : (DateTimeOffset?)null;
            return (onTime, onTime is null ? count : count - 1);
        }
        catch (ScheduleSpecException)
        {
            return (null, 0);
        }
    }

    /// <summary>How close the next occurrence must be for a missed one under runOnce to leave its run to it.</summary>
    internal static readonly TimeSpan ImminentCatchUp = TimeSpan.FromMilliseconds(500);

    private static DateTimeOffset? NextWithin(ParsedSchedule schedule, DateTimeOffset now, TimeSpan window)
    {
        try
        {
            return schedule.NextAfter(now) is { } next && next - now < window ? next : null;
        }
        catch (ScheduleSpecException)
        {
            return null;
        }
    }

    private static bool LaterOneDue(ParsedSchedule schedule, DateTimeOffset due, DateTimeOffset now)
    {
        try
        {
            return schedule.NextAfter(due) is { } following && following <= now;
        }
        catch (ScheduleSpecException)
        {
            return false;
        }
    }

    // The next claim continues after the jittered due, so a delay reaching the following occurrence would skip it.
    // Scheduling refuses such a jitter; this keeps one stored before that check, or a gap that only a DST change
    // shortens, from skipping runs: the delay stays below the gap it lands in.
    private static TimeSpan JitterBound(ParsedSchedule schedule, DateTimeOffset occurrence, TimeSpan jitter)
    {
        try
        {
            return schedule.NextAfter(occurrence) is { } following && following - occurrence < jitter ? following - occurrence : jitter;
        }
        catch (ScheduleSpecException)
        {
            return jitter;
        }
    }
}
