namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// Compiles a recurring English spec to its one canonical form. An exact interval stays an interval (its
    /// phase, "starting at 9:07", becomes the anchor). Otherwise the phase of "every other"/"every N" is the first
    /// occurrence at or after the start (<see cref="ScheduleParseOptions.StartAt"/> when later than now, else now), and the result is cron when cron says exactly the same thing, else an RFC 5545
    /// rule with that first occurrence as DTSTART (bounds "until"/"times" always need a rule: cron has none).
    /// </summary>
    private static ParsedSchedule Compile(SpecCursor c, CalendarRule rule, SpecContext ctx)
    {
        if (rule.Unit == CalendarUnit.Year && !rule.HasDay && rule.Months is null && YearlyDateRange(c, rule) is { } yearly) throw yearly;
        AdoptStartTime(rule, ctx);
        PhaseAsTimeOfDay(rule);
        StepFromTimeAsClockGrid(rule, ctx);
        // "every week starting monday at 9am": the day named is the week's day, as "every 2 weeks starting monday" runs
        // on Mondays; without a start "every week" is Sunday, as "weekly" and cron's @weekly are.
        if (rule.Step is null && rule.Unit == CalendarUnit.Week && rule.HasStart && rule.Phase is null && !rule.StartsNow) rule.WeekdayOfFirst = true;
        LastingAsCount(c, rule);
        rule.Finish(c, DateOnly.FromDateTime(ctx.LocalNow), StartDayWithYear(rule, ctx));
        CheckPartOfDay(c, rule, ctx);
        if (rule.Step is { } step && rule.MinutesOfHour.Count == 0 && !rule.HasWindow && !rule.HasDay && rule.Months is null)
        {
            // A start ("hourly starting at 9:07") names its own phase, as a window's start does.
            if (rule.OnClock && !rule.HasStart) return ClockGrid(c, rule, step, ctx);
            var (anchor, countedFrom) = rule.Phase is { } phase ? PhaseAnchor(phase, step, ctx) : (ResolveStart(c, rule, ctx, exact: true), (DateTimeOffset?)null);
            if (rule.Until is null && rule.Count is null) return Interval(step, ctx.Options, ctx.Now, ctx.Spec, anchor, countedFrom);
            // A bound makes an RFC 5545 rule, which steps whole seconds: "every pt0.5s 10 times" would run every second.
            if (step.Ticks % TimeSpan.TicksPerSecond != 0)
                throw c.Error($"the step in \"{ctx.Spec}\" is not whole seconds, which an interval with an end (\"until\" or \"times\") must be; expected whole seconds, e.g. \"every 2 seconds 10 times\", or no end");
            // As for ISO repetitions, the StartAt option (a later start, or StartAfter) is the first run when the spec
            // names none. DTSTART holds whole seconds, so the start is rounded up: rounded down it would fall before
            // now and "starting now" would lose its first run.
            var start = CeilingSecond(anchor ?? (ctx.Options.StartAt is { } later && later > ctx.Now ? later : ctx.Now + step));
            if (rule.Until is { } last && ZonedClock.ToInstant(last.ToDateTime(new TimeOnly(23, 59, 59)), ctx.Zone) < start)
                throw c.Error($"\"{ctx.Spec}\" ends before its first run on {Day(ZonedClock.ToLocal(start, ctx.Zone))}; expected an end date after it");
            return ExactRuleSchedule(rule.IntervalRuleText(step, start, ctx.Zone), ctx, rule.Describe(c, ZonedClock.ToLocal(start, ctx.Zone), ctx.Options.TimeZone, startsLater: anchor is not null));
        }
        if (rule.Step == TimeSpan.FromHours(1) && rule.MinutesOfHour.Count > 0 && (rule.Until is not null || rule.Count is not null)
            && !rule.HasWindow && !rule.HasDay && rule.Months is null && !rule.HasStart)
            return BoundedMinutesOfHour(c, rule, ctx);
        // A time of day or "now" as the start of a calendar schedule: its first run, or only where its runs may begin?
        if (rule.Phase is not null && rule.Step is not null)
            throw c.Error($"\"starting at\" in \"{ctx.Spec}\" only sets where an exact interval starts; expected e.g. \"every 15 minutes starting at 9:07\", a window \"every 15 minutes from 9:07 to 17:00\", or a day, \"every 15 minutes from 9am to 5pm starting tomorrow\"");
        if (rule.Phase is not null || rule.StartsNow)
            throw c.Error($"\"starting\" in \"{ctx.Spec}\" sets where an exact interval starts, or the day a calendar schedule starts on; expected e.g. \"every 15 minutes starting at 9:07\", \"every 10 minutes starting now\" or \"every day at 9am starting tomorrow\"");
        // "starting next monday" / "starting dec 1": the first occurrence at or after that day, and the phase of
        // "every other"; the rule keeps it as DTSTART, which cron has no place for, unless it is already past.
        var from = ctx.Options.StartAt is { } at && at > ctx.Now ? at : ctx.Now;
        var named = ResolveStart(c, rule, ctx);
        DayOfStart(rule, named, ctx);
        var first = rule.FirstOccurrence(c, named ?? from, ctx.Zone);
        LastingAsEnd(c, rule, first.Local);
        rule.PinWeekday(first.Local);
        if (rule.Until is { } until)
        {
            // A start already past ("from jan 10 to mar 31" said in March) runs from now: its first run still to come
            // must fall on or before the end.
            var next = named < from ? rule.FirstOccurrence(c, from, ctx.Zone).Local : first.Local;
            if (DateOnly.FromDateTime(next) > until && named < from && rule.StartDate is { Year: null } && rule.UntilDate is { Year: null })
                throw c.Error($"\"{ctx.Spec}\" has no run left: its dates, {Day(first.Local)} to {Day(until.ToDateTime(TimeOnly.MinValue))}, are the ones under way, and their last run is past; " +
                    $"for the next ones write the years, e.g. \"from {Day(first.Local.AddYears(1))} to {Day(until.AddYears(1).ToDateTime(TimeOnly.MinValue))}\"");
            if (DateOnly.FromDateTime(next) > until)
                throw c.Error($"\"{ctx.Spec}\" ends before its {(named < from ? "next" : "first")} run on {Day(next)}; expected an end date after it");
        }
        // A clock grid from a time of day ("every 4 hours starting at 2am") stays a rule even when its first run is now:
        // cron would run a repeated hour of its span twice ("0 2/4 * * *" in a fall-back), the rule once.
        if ((named is null || (named <= ctx.Now && rule.Every == 1 && rule.StartInstant is null)) && rule.TryCron(c, first.Local.Month) is { } cron) return Cron(cron, ctx.Options);
        return RuleSchedule(rule.ToRuleText(c, first.Local, ctx.Options.TimeZone, ctx.Zone), ctx, rule.Describe(c, first.Local, ctx.Options.TimeZone, named > ctx.Now));
    }

    // "every month starting apr 15", "every year starting 2027-06-15": a month or year step that names no day runs on
    // the start's day (and a year's on its month), as "every 2 weeks starting thursday" runs on Thursdays and as
    // R/2027-04-15/P1M does; without a start "every month" is the 1st and "every year" January 1st, as cron's are.
    private static void DayOfStart(CalendarRule rule, DateTimeOffset? named, SpecContext ctx)
    {
        if (named is not { } start || rule.Step is not null || rule.HasDay || rule.Unit is not (CalendarUnit.Month or CalendarUnit.Year)
            || (rule.Unit == CalendarUnit.Year && rule.Months is not null)) return;
        var local = ZonedClock.ToLocal(start, ctx.Zone);
        rule.MonthDays.Add(local.Day);
        if (rule.Unit == CalendarUnit.Year) rule.Months = [local.Month];
    }

    // The local date of a start that names its year ("starting 2027-06-01", "from 2027-06-01T09:00"): a yearless end
    // date after it is the next one from that day, not from today. Null for any other start, or an invalid one
    // (reported where the start is resolved).
    private static DateOnly? StartDayWithYear(CalendarRule rule, SpecContext ctx)
    {
        if (rule.StartDate is { Year: { } year } date)
            return date.Day <= DateTime.DaysInMonth(year, date.Month) ? new DateOnly(year, date.Month, date.Day) : null;
        if (rule.StartIso is { } iso && IsoDateTime.TryParse(iso, ctx.Zone, ctx.Spec, out var instant))
            return DateOnly.FromDateTime(ZonedClock.ToLocal(instant, ctx.Zone));
        return null;
    }

    // "every evening at 7" is 07:00, no evening time: refused with the time written as meant, never moved to 19:00.
    private static void CheckPartOfDay(SpecCursor c, CalendarRule rule, SpecContext ctx)
    {
        if (rule.PartOfDay is not { } part) return;
        var written = c.Spec.ToLowerInvariant().Contains("nightly", StringComparison.Ordinal) ? "nightly" : part.Name;
        if (rule.Times.Count == 0)
            throw c.Error($"\"{written}\" in \"{c.Spec}\" does not say exactly when; say the time, e.g. \"every day at {part.Example}\"");
        // "every friday night at 1am" is Friday 01:00 to some and Saturday 01:00 to others; "at 11" is no night time at
        // all, refused below with 23:00 to write.
        if (part.Name == "night" && rule.HasDay && rule.Times.Where(t => t.Hour < 12 && part.Contains(t)).Order().ToList() is [var early, ..])
        {
            var (day, next) = rule.Weekdays is { Count: 1 } one
                ? (SpecWords.WeekdayName(one.Min), SpecWords.WeekdayName((DayOfWeek)(((int)one.Min + 1) % 7)))
                : ("Friday", "Saturday");
            throw c.Error($"\"night\" with a day and {SpecTime.Format(early)} in \"{c.Spec}\" can mean that day or the next; name the day the run falls on, " +
                $"e.g. \"every {next.ToLowerInvariant()} at {SpecTime.Format(early)}\" for the night from {day} to {next}");
        }
        var outside = rule.Times.Where(t => !part.Contains(t)).Distinct().ToList();
        if (outside.Count == 0) return;
        // The time meant: the same hour in the other half of the day when that lies in the part ("7" → 7pm); none when
        // neither half does ("morning at 9pm"), where the part word is what to leave out.
        var meant = outside.ToDictionary(t => t, t => t.Hour < 12 && part.Contains(t.AddHours(12))
            ? SpecTime.FormatWithHalf(t.AddHours(12)) : null);
        if (ctx.Options.PartOfDayAsMeant)
        {
            for (var i = 0; i < rule.Times.Count; i++)
                if (meant.TryGetValue(rule.Times[i], out var write) && write is not null) rule.Times[i] = rule.Times[i].AddHours(12);
            rule.PartOfDay = null;
            return;
        }
        var first = outside[0];
        var leaveOut = meant.Values.Any(m => m is null) ? $"leave out \"{written}\" and " : "";
        var example = Reads(PartOfDayRewrite.Rewrite(c.Spec, meant), ctx.Options, MeansAsMeant(ctx));
        if (example is not null)
            throw c.Error($"{SpecTime.Format(first)} is not in the {part.Name} ({part.Hours}) in \"{c.Spec}\"; {leaveOut}write the time as meant, e.g. \"{example}\"");
        // No spec so written reads as meant: say which time to write, not a whole spec that would mean something else.
        var times = string.Join(" and ", outside.Select(t => meant[t] is { } pm ? $"{SpecTime.Format(t.AddHours(12))} ({pm})" : null).OfType<string>());
        var what = times.Length > 0 ? $"write {times} in place of {string.Join(" and ", outside.Where(t => meant[t] is not null).Select(SpecTime.Format))}" : "";
        throw c.Error($"{SpecTime.Format(first)} is not in the {part.Name} ({part.Hours}) in \"{c.Spec}\"; " +
            (leaveOut.Length > 0 ? $"leave out \"{written}\"{(what.Length > 0 ? ", or " + what : "")}" : what) + ", keeping the days as written");
    }

    // A suggestion means what the spec did when it reads as the spec does with its times as meant: same days, same times.
    private static Func<ParsedSchedule, bool> MeansAsMeant(SpecContext ctx)
    {
        string? expected;
        try { expected = ParseCore(ctx.Spec, ctx.Options with { PartOfDayAsMeant = true, AllowPast = true }).Canonical; }
        catch (Exception e) when (e is not OutOfMemoryException) { expected = null; }
        return parsed => expected is not null && parsed.Canonical == expected;
    }

    /// <summary>A schedule evaluated from the RFC 5545 text an English spec compiled to (RFC 5545 semantics, local time).</summary>
    private static ParsedSchedule RuleSchedule(string ruleText, SpecContext ctx, string description) =>
        Rules.RecurrenceRuleSpec.Parse(ruleText, ctx, description);

    /// <summary>An exact interval with a bound, as a rule on the UTC clock that keeps the spec's zone (see <see cref="CalendarRule.IntervalRuleText"/>).</summary>
    private static ParsedSchedule ExactRuleSchedule(string ruleText, SpecContext ctx, string description) =>
        Rules.RecurrenceRuleSpec.Parse(ruleText, ctx, description, exact: true);

    private static DateTimeOffset CeilingSecond(DateTimeOffset at) =>
        at.Ticks % TimeSpan.TicksPerSecond == 0 ? at : at.AddTicks(TimeSpan.TicksPerSecond - at.Ticks % TimeSpan.TicksPerSecond);

    private static string Day(DateTime local) => local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
