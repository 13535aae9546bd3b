namespace Scheduler.Contracts.Scheduling;

// "every 4 hours starting at 2am", "every 15 minutes starting at 9:07": a time of day without a date after a step
// shorter than a day is the phase of the step's grid, as people read it: the runs are 02:00, 06:00, 10:00, … and the
// first is the first of them at or after both now and today's 02:00. Said at 07:00 that is 10:00 today, not
// tomorrow's 02:00 (the time named is where the grid is counted from, not a reason to wait a day); said at 01:00,
// today's 02:00. A step that does not divide a day ("every 5 hours starting at 2am") is counted from today's 02:00 as
// exact time across days (02:00, 07:00, 12:00, 17:00, 22:00, 03:00 …). A step of a day or more has no phase within
// a day: the time is its first run's, the next time the wall clock shows it. A start that names a day ("starting
// tomorrow at 2am", "starting dec 1 at 9am", "starting now") is a start, not a phase, and is read elsewhere.
public static partial class ScheduleParser
{
    /// <summary>
    /// "every 6 hours starting at 6am", "every 90 minutes starting at 8am": a step that divides a day but not an hour,
    /// from a time of day, is that time's grid on the wall clock (06:00, 12:00, 18:00, 00:00). As exact hours the runs
    /// would move to 07:00, 13:00, … after a spring-forward. A step that divides an hour (every 15 minutes, every hour)
    /// keeps its minutes across a whole-hour change as exact time, and stays exact (see <see cref="PhaseAnchor"/>), as
    /// does one that does not divide a day (every 5 hours). A start on a day ("starting today at 9am", "starting
    /// 2026-12-01T09:00", "starting now") is an instant the interval is anchored at (a past one due at once, see
    /// StartAt) and stays exact too. The rule is a daily grid ("every 6 hours at 00:00, 06:00, 12:00 and 18:00") from
    /// its first run: today's time named when still to come, else the grid's next time. It stays a rule either way (not
    /// cron's "0 2/4 * * *", which Cronos runs in both passes of an hour a fall-back repeats), so when it is said does
    /// not change how it runs.
    /// </summary>
    private static void StepFromTimeAsClockGrid(CalendarRule rule, SpecContext ctx)
    {
        if (rule.Step is not { } step || rule.MinutesOfHour.Count > 0 || rule.HasWindow || rule.Phase is not { } time) return;
        var day = TimeSpan.FromDays(1);
        // With days or months named ("every 4 hours starting at 2am on weekdays") the runs can only be the grid's
        // times on those days, whatever the step: an exact interval has no days to keep to.
        var onDays = rule.HasDay || rule.Months is not null;
        if (step >= day || day.Ticks % step.Ticks != 0 || step.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            if (onDays) throw NoGridOnDays(step, time, ctx);
            return;
        }
        if (!onDays && TimeSpan.FromHours(1).Ticks % step.Ticks == 0) return;
        rule.Phase = null;
        var first = TimeSpan.FromTicks(time.ToTimeSpan().Ticks % step.Ticks);
        rule.WindowFrom = TimeOnly.FromTimeSpan(first);
        rule.WindowTo = TimeOnly.FromTimeSpan(first + step * ((day - first - TimeSpan.FromTicks(1)).Ticks / step.Ticks));
        if (onDays && first != time.ToTimeSpan()) throw GridOrFromTimeOnDays(step, time, rule.WindowFrom, rule.WindowTo, ctx);
        rule.HasWindow = true;
        rule.StartInstant = FirstOnGrid(time, first, step, ctx);
    }

    // "every 90 minutes starting at 8am on weekdays": on each of those days from 08:00 on, or the whole day's grid
    // through 08:00 (00:30, 02:00, …), as "every 90 minutes starting at 8am" alone runs? Both are windows to write.
    private static ScheduleSpecException GridOrFromTimeOnDays(TimeSpan step, TimeOnly time, TimeOnly gridFrom, TimeOnly gridTo, SpecContext ctx)
    {
        var every = DescribeDuration(step);
        var rest = DaysWritten(ctx.Spec);
        return new ScheduleSpecException($"\"starting at {SpecTime.Format(time)}\" with days in \"{ctx.Spec}\" can mean from {SpecTime.Format(time)} on each of those days, or the whole day's " +
            $"{every} grid through {SpecTime.Format(time)} (from {SpecTime.Format(gridFrom)}); expected a window, \"every {every} from {SpecTime.Format(time)} to {SpecTime.Format(gridTo)}{rest}\" " +
            $"or \"every {every} from {SpecTime.Format(gridFrom)} to {SpecTime.Format(gridTo)}{rest}\"", ctx.Spec);
    }

    // "every 5 hours starting at 2am on weekdays": a step that does not divide a day lands on other times each day, so
    // it has no daily grid to keep to the days named; a window restarts each day and does.
    private static ScheduleSpecException NoGridOnDays(TimeSpan step, TimeOnly time, SpecContext ctx)
    {
        var every = DescribeDuration(step);
        var window = step < TimeSpan.FromDays(1) && step.Ticks % TimeSpan.TicksPerMinute == 0
            ? $", or a window, which restarts each day, e.g. \"every {every} from {SpecTime.Format(time)} to 23:59{DaysWritten(ctx.Spec)}\""
            : "";
        return new ScheduleSpecException($"\"every {every} starting at {SpecTime.Format(time)}\" in \"{ctx.Spec}\" would run at other times each day (a step of {every} does not divide a day), " +
            $"so it cannot keep to the days named; expected a step that divides a day (every 2, 3, 4, 6, 8 or 12 hours, every 90 minutes){window}", ctx.Spec);
    }

    // The days clause as written, for a suggestion: what follows "starting at <time>" (" on weekdays", " in december"),
    // or the clause opening the spec before "every" ("on weekdays every 15 minutes …").
    private static string DaysWritten(string spec)
    {
        var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(words, w => w.Equals("starting", StringComparison.OrdinalIgnoreCase));
        if (at >= 0 && at + 2 < words.Length)
        {
            var after = at + 3 < words.Length && words[at + 3].ToLowerInvariant() is "am" or "pm" ? at + 4 : at + 3;
            if (after < words.Length) return " " + string.Join(' ', words[after..]);
        }
        var every = Array.FindIndex(words, w => w.Equals("every", StringComparison.OrdinalIgnoreCase));
        return every > 0 ? " " + string.Join(' ', words[..every]) : "";
    }

    // The grid's first time at or after both today's time named and now (or the later StartAt). A wall time is read at
    // its first instant: on a day a spring-forward skips it, the grid's run is still that day's (read by the rule as
    // RFC 5545 does, 02:30 as 03:30), not the next grid time.
    private static DateTimeOffset FirstOnGrid(TimeOnly named, TimeSpan first, TimeSpan step, SpecContext ctx)
    {
        var from = ctx.Options.StartAt is { } later && later > ctx.Now ? later : ctx.Now;
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        var fromDay = DateOnly.FromDateTime(ZonedClock.ToLocal(from, ctx.Zone)).AddDays(-1);
        for (var day = fromDay > today ? fromDay : today; ; day = day.AddDays(1))
            for (var at = first; at < TimeSpan.FromDays(1); at += step)
            {
                if (day == today && at < named.ToTimeSpan()) continue;
                var instant = ZonedClock.ToInstant(day.ToDateTime(TimeOnly.FromTimeSpan(at)), ctx.Zone);
                if (instant >= from) return instant;
            }
    }

    /// <summary>
    /// The first run of an exact interval whose start is a time of day: today's <paramref name="time"/> when still to
    /// come, else the first step from it at or after now (or the later StartAt), so the runs keep the phase named. A step
    /// of a day or more: the next time the wall clock shows <paramref name="time"/>. With the first run, the instant
    /// the steps are counted from when it is earlier, for the description to say.
    /// </summary>
    private static (DateTimeOffset First, DateTimeOffset? CountedFrom) PhaseAnchor(TimeOnly time, TimeSpan step, SpecContext ctx)
    {
        var from = ctx.Options.StartAt is { } later && later > ctx.Now ? later : ctx.Now;
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        var at = Rules.RuleClock.ToInstant(today.ToDateTime(time), ctx.Zone);
        if (at >= from) return (at, null);
        if (step >= TimeSpan.FromDays(1)) return (NextWallTime(time, ctx), null);
        var steps = ((from - at).Ticks + step.Ticks - 1) / step.Ticks;
        return (at + step * steps, at);
    }

    /// <summary>
    /// The next instant the wall clock shows <paramref name="time"/>, at or after now. On the day a spring-forward skips
    /// it, the time read with the offset before the gap (02:07 is 03:07 after a one-hour gap, RFC 5545's reading), not
    /// the gap's end: the anchor fixes the minute of every later run, and 03:00 would move "starting at 2:07" to :00.
    /// </summary>
    private static DateTimeOffset NextWallTime(TimeOnly time, SpecContext ctx)
    {
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        var at = Rules.RuleClock.ToInstant(today.ToDateTime(time), ctx.Zone);
        return at >= ctx.Now ? at : Rules.RuleClock.ToInstant(today.AddDays(1).ToDateTime(time), ctx.Zone);
    }
}
