using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string MinuteOfHourForms = "\":30\", \"minute 30\", \"half past\", \"quarter past\", \"quarter to\" or \"20 past\"";

    /// <summary>"every quarter hour", "every half an hour", "every half-hour": a step of 15|30 minutes on the clock (see <see cref="ClockGrid"/>).</summary>
    private static TimeSpan? FractionOfHour(SpecCursor c)
    {
        var minutes = c.Peek() switch { "quarter" or "quarter-hour" => 15, "half" or "half-hour" => 30, _ => 0 };
        if (minutes == 0) return null;
        var words = c.Peek() is "quarter-hour" or "half-hour" ? 1
            : c.Peek(1) == "hour" ? 2
            : c.Peek(1) is "an" && c.Peek(2) == "hour" ? 3
            : c.Peek(1) == "of" && c.Peek(2) == "an" && c.Peek(3) == "hour" ? 4
            : 0;
        if (words == 0) return null;
        c.Position += words;
        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>
    /// "hourly", "every quarter hour", "every half hour" with nothing that ties them to days or a window: the clock's
    /// grid, minute 0 of every hour and then every step (cron "0 * * * *", "*/15 * * * *", "0,30 * * * *"), so across
    /// DST the runs stay 15|30|60 minutes of real time apart, as cron's steps do. With a bound ("every quarter hour 10
    /// times") the same runs are counted: an exact interval rule from the first grid instant, which lands on the grid
    /// in every zone whose offsets are whole quarter hours (all zones today but for 30- and 45-minute ones with "hourly").
    /// </summary>
    private static ParsedSchedule ClockGrid(SpecCursor c, CalendarRule rule, TimeSpan step, SpecContext ctx)
    {
        var minutes = Enumerable.Range(0, (int)(TimeSpan.FromHours(1) / step)).Select(k => k * (int)step.TotalMinutes).ToList();
        var grid = Cron($"{CalendarRule.Field(minutes, 0, 59, steps: true)} * * * *", ctx.Options);
        if (rule.Until is null && rule.Count is null) return grid;
        var first = (ctx.Options.StartAt is { } later && later > ctx.Now ? grid.NextFrom(later) : grid.NextAfter(ctx.Now))
            ?? throw c.Error($"\"{ctx.Spec}\" has no run on the clock after its start; expected a start before year 9999");
        if (rule.Until is { } last && ZonedClock.ToInstant(last.ToDateTime(new TimeOnly(23, 59, 59)), ctx.Zone) < first)
            throw c.Error($"\"{ctx.Spec}\" ends before its first run on {Day(ZonedClock.ToLocal(first, ctx.Zone))}; expected an end date after it");
        var local = ZonedClock.ToLocal(first, ctx.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var description = grid.Description.Replace($" ({ctx.Options.TimeZone})", $", from {local}", StringComparison.Ordinal);
        if (rule.Count is { } count) description += count == 1 ? ", once" : $", {count.ToString(CultureInfo.InvariantCulture)} times";
        if (rule.Until is { } until) description += $", until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return ExactRuleSchedule(rule.IntervalRuleText(step, first, ctx.Zone), ctx, $"{description} ({ctx.Options.TimeZone})");
    }

    /// <summary>
    /// "every hour on the hour until nov 2", "every hour at :15 and :45 10 times": the unbounded cron's runs, counted.
    /// An hourly rule from a UTC start steps real hours, so the hour a fall-back repeats runs twice, as under the cron;
    /// a daily rule listing the 24 hours would name that hour once and skip its second run. The minutes are the
    /// zone's minutes in UTC at the first run (the same all year in every zone whose offset changes by whole hours).
    /// </summary>
    private static ParsedSchedule BoundedMinutesOfHour(SpecCursor c, CalendarRule rule, SpecContext ctx)
    {
        var grid = Cron($"{CalendarRule.Field([.. rule.MinutesOfHour], 0, 59, steps: true)} * * * *", ctx.Options);
        // At or after the start, as the daily rule this replaced counted from it.
        var first = grid.NextFrom(ctx.Options.StartAt is { } later && later > ctx.Now ? later : ctx.Now) ?? throw c.Error($"\"{ctx.Spec}\" has no run on the clock after its start; expected a start before year 9999");
        if (rule.Until is { } last && ZonedClock.ToInstant(last.ToDateTime(new TimeOnly(23, 59, 59)), ctx.Zone) < first)
            throw c.Error($"\"{ctx.Spec}\" ends before its first run on {Day(ZonedClock.ToLocal(first, ctx.Zone))}; expected an end date after it");
        var shift = ctx.Zone.GetUtcOffset(first).Minutes;
        var minutes = rule.MinutesOfHour.Select(m => ((m - shift) % 60 + 60) % 60).Order();
        var text = rule.IntervalRuleText(TimeSpan.FromHours(1), first, ctx.Zone, $"BYMINUTE={string.Join(',', minutes)}", "BYSECOND=0");
        return ExactRuleSchedule(text, ctx, rule.Describe(c, ZonedClock.ToLocal(first, ctx.Zone), ctx.Options.TimeZone));
    }

    /// <summary>
    /// "every hour on the hour", "hourly at :30", "every hour at half past", "every hour at minute 5": an hourly step
    /// on the clock, minute M of every hour (cron "M * * * *"), where "every hour" alone counts from now. Reads at
    /// "at" or "on"; false when what follows is no minute of the hour (then it is read as a time or a day). Other
    /// steps are refused: "every 2 hours on the hour" does not say whether even or odd hours.
    /// </summary>
    private static bool ReadMinuteOfHour(SpecCursor c, CalendarRule rule)
    {
        if (ReadClockGrid(c, rule)) return true;
        var (minute, words) = c.Peek() == "on" ? OnTheHour(c) : AtMinute(c);
        List<int>? listed = null;
        if (minute is null) (listed, words) = AtMinuteList(c);
        if (minute is null && listed is null && rule.Step == TimeSpan.FromHours(1)) (minute, words) = AtBareMinute(c);
        if ((minute ?? listed?[0]) is not { } m) return false;
        var written = c.Slice(c.Position, c.Position + words);
        if (rule.Step != TimeSpan.FromHours(1))
        {
            if (rule.Step is not { } step)
                throw c.Error($"\"{written}\" in \"{c.Spec}\" goes with an hourly step; expected e.g. \"every hour {written}\" or \"hourly {written}\"");
            var hours = step.Ticks % TimeSpan.TicksPerHour == 0 ? (int)(step.Ticks / TimeSpan.TicksPerHour) : 0;
            var grid = hours is > 1 and < 24 && 24 % hours == 0
                ? $"\"every {hours} hours from 0:{m:00} to {24 - hours}:{m:00}\" for 00:{m:00}, {hours:00}:{m:00}, … {24 - hours}:{m:00}, or "
                : "";
            throw c.Error($"\"{written}\" in \"{c.Spec}\" does not say which hours of the step; expected e.g. {grid}\"every hour {written}\"");
        }
        if (rule.MinutesOfHour.Count > 0) throw c.Error($"\"{c.Spec}\" names minutes of the hour twice; expected one list, e.g. \"every hour at :15 and :45\"");
        c.Position += words;
        if (listed is not null)
        {
            rule.MinutesOfHour.UnionWith(listed);
            return true;
        }
        rule.MinutesOfHour.Add(m);
        // "every hour at :15 and :45", "hourly at :00, :20 and :40": more minutes of the same hours. AtMinute reads the
        // word after the cursor, so at a separator it reads the minute that follows it.
        while (c.Peek() is "and" or ",")
        {
            var mark = c.Position;
            if (c.Peek(1) is "at" or "on") c.Position++;
            var (more, moreWords) = c.Peek() == "on" ? OnTheHour(c) : AtMinute(c);
            if (more is not { } next)
            {
                c.Position = mark;
                break;
            }
            rule.MinutesOfHour.Add(next);
            c.Position += moreWords;
        }
        return true;
    }

    /// <summary>
    /// "every 15 minutes on the quarter hour", "every 30 minutes on the hour and half hour" (or "on the half hour",
    /// which with a 30-minute step can only mean both): the step on the clock's grid, as "every quarter hour" is.
    /// "on the quarter hour" with another step is refused: "every hour on the quarter hour" could be :15 or every quarter.
    /// </summary>
    private static bool ReadClockGrid(SpecCursor c, CalendarRule rule)
    {
        if (c.Peek() != "on" || c.Peek(1) != "the") return false;
        var halfAnHour = TimeSpan.FromMinutes(30);
        var (minutes, words) = c.Peek(2) switch
        {
            "quarter-hour" => (15, 3),
            "quarter" when c.Peek(3) == "hour" => (15, 4),
            "hour" when c.Peek(3) == "and" => c.Peek(4) == "the" ? HalfHour(5) : HalfHour(4),
            "half-hour" when rule.Step == halfAnHour => (30, 3),
            "half" when c.Peek(3) == "hour" && rule.Step == halfAnHour => (30, 4),
            _ => (0, 0),
        };
        if (minutes == 0) return false;
        var written = c.Slice(c.Position, c.Position + words);
        if (rule.Step != TimeSpan.FromMinutes(minutes))
        {
            var other = minutes == 15 ? "; for minute 15 of every hour write \"every hour at quarter past\"" : "";
            throw c.Error($"\"{written}\" in \"{c.Spec}\" goes with a step of {minutes} minutes; expected \"every {(minutes == 15 ? "quarter" : "half")} hour\" for :00, :{minutes:00}{(minutes == 15 ? ", :30, :45" : "")}{other}");
        }
        rule.OnClock = true;
        c.Position += words;
        return true;

        // "half hour", "half-hour" after "on the hour and [the]".
        (int, int) HalfHour(int at) => c.Peek(at) == "half-hour" ? (30, at + 1) : c.Peek(at) == "half" && c.Peek(at + 1) == "hour" ? (30, at + 2) : (0, 0);
    }

    // "on the hour" (minute 0), "on the half hour" / "on the half-hour" (minute 30).
    private static (int? Minute, int Words) OnTheHour(SpecCursor c)
    {
        if (c.Peek(1) != "the") return (null, 0);
        return c.Peek(2) switch
        {
            "hour" => (0, 3),
            "half-hour" => (30, 3),
            "half" when c.Peek(3) == "hour" => (30, 4),
            _ => (null, 0),
        };
    }

    // "at 15 and 45 past", "at 0, 20 and 40 minutes past the hour": numbers that only the "past" closing the list makes
    // minutes of the hour (bare, "at 15 and 45" could as well be hours of the day, and is left to the rest of the parser).
    private static (List<int>? Minutes, int Words) AtMinuteList(SpecCursor c)
    {
        if (c.Peek() != "at") return (null, 0);
        var minutes = new List<int>();
        var words = 1;
        while (c.Peek(words) is { } number && SpecWords.IsDigits(number) && number.Length <= 2)
        {
            minutes.Add(int.Parse(number, CultureInfo.InvariantCulture));
            words++;
            if (c.Peek(words) is not ("and" or ",")) break;
            words += c.Peek(words) == "," && c.Peek(words + 1) == "and" ? 2 : 1;
        }
        if (minutes.Count < 2) return (null, 0);
        if (c.Peek(words) is "minute" or "minutes") words++;
        if (c.Peek(words) is not ("past" or "after")) return (null, 0);
        words++;
        if (c.Peek(words) == "the" && c.Peek(words + 1) == "hour") words += 2;
        // "at 15 and 45 past 9" names times of day, not minutes of every hour.
        else if (SpecTime.IsHour(c.Peek(words))) return (null, 0);
        if (minutes.FirstOrDefault(m => m > 59) is var wrong and > 59)
            throw c.Error($"invalid minute of the hour \"{wrong}\" in \"{c.Spec}\"; expected 0-59, e.g. \"every hour at 15 and 45 past\"");
        return (minutes, words);
    }

    // "hourly at 15", "every hour at 15": after an hourly step a lone number can only be a minute of the hour, as no
    // time of day goes with the step. A list ("at 15 and 45") could as well be hours of the day: refused here with the
    // minutes written as minutes. A number with a clock word ("at 9 am") is left to the rest of the parser, which
    // refuses it with the forms to write.
    private static (int? Minute, int Words) AtBareMinute(SpecCursor c)
    {
        if (c.Peek() != "at" || c.Peek(1) is not { Length: <= 2 } number || !SpecWords.IsDigits(number)) return (null, 0);
        if (c.Peek(2) is "and" or ",") throw BareMinuteList(c);
        if (c.Peek(2) is "am" or "pm" or "a.m." or "p.m." or "o'clock" or "h" or "hours" or "minute" or "minutes") return (null, 0);
        var minute = int.Parse(number, CultureInfo.InvariantCulture);
        if (minute > 59) throw c.Error($"invalid minute of the hour \"{number}\" in \"{c.Spec}\"; expected 0-59, e.g. \"hourly at 15\" or {MinuteOfHourForms}");
        return (minute, 2);
    }

    // "every hour at 15 and 45": the numbers read as minutes are written back with a colon, the form that says so.
    private static Exception BareMinuteList(SpecCursor c)
    {
        var numbers = new List<string>();
        for (var i = 1; c.Peek(i) is { Length: <= 2 } n && SpecWords.IsDigits(n); i += c.Peek(i + 1) == "," && c.Peek(i + 2) == "and" ? 3 : 2)
        {
            numbers.Add(n);
            if (c.Peek(i + 1) is not ("and" or ",")) break;
        }
        List<string> asMinutes = numbers.Count > 1 && numbers.All(n => int.Parse(n, CultureInfo.InvariantCulture) <= 59) ? numbers : ["15", "45"];
        return c.Error($"\"at {Listed(numbers)}\" in \"{c.Spec}\" could be minutes of the hour or hours of the day; expected minutes written as " +
            $"minutes, e.g. \"every hour at {Listed(asMinutes.Select(n => ":" + n.PadLeft(2, '0')).ToList())}\" or \"every hour at {Listed(asMinutes)} past\"");

        static string Listed(List<string> items) => items.Count == 1 ? items[0] : string.Join(", ", items.SkipLast(1)) + " and " + items[^1];
    }

    // "at :30", "at minute 30", "at [a] quarter past|after|to [the hour]", "at half past", "at 20 [minutes] past",
    // "at the top|bottom of the hour".
    private static (int? Minute, int Words) AtMinute(SpecCursor c)
    {
        var token = c.Peek(1);
        int? minute = null;
        var words = 2;
        if (token is [':', ..] && SpecWords.IsDigits(token[1..]) && token.Length <= 3) minute = int.Parse(token[1..], CultureInfo.InvariantCulture);
        else if (token == "minute" && SpecWords.IsDigits(c.Peek(2)) && c.Peek(2)!.Length <= 2)
        {
            minute = int.Parse(c.Peek(2)!, CultureInfo.InvariantCulture);
            words = 3;
        }
        else if (token == "the" && c.Peek(2) is "top" or "bottom" && c.Peek(3) == "of" && c.Peek(4) == "the" && c.Peek(5) == "hour")
        {
            minute = c.Peek(2) == "top" ? 0 : 30;
            words = 6;
        }
        else
        {
            var at = token == "a" && c.Peek(2) == "quarter" ? 2 : 1;
            var amount = c.Peek(at);
            if (SpecWords.NumberWord(amount) is { Length: <= 2 } spelled) amount = spelled;
            var number = SpecWords.IsDigits(amount) && amount!.Length <= 2;
            var length = number && c.Peek(at + 1) is "minute" or "minutes" ? 2 : 1;
            var direction = c.Peek(at + length);
            if (direction is not ("past" or "after" or "to") || !(number || amount is "half" or "quarter")) return (null, 0);
            if (amount == "half" && direction != "past") return (null, 0);
            var n = amount switch { "half" => 30, "quarter" => 15, _ => int.Parse(amount!, CultureInfo.InvariantCulture) };
            minute = direction == "to" ? 60 - n : n;
            words = at + length + 1;
            if (c.Peek(words) == "the" && c.Peek(words + 1) == "hour") words += 2;
            // "at half past 9" names a time of day, not a minute of every hour.
            else if (SpecTime.IsHour(c.Peek(words))) return (null, 0);
        }
        if (minute is null) return (null, 0);
        if (minute is < 0 or > 59) throw c.Error($"invalid minute of the hour \"{c.Slice(c.Position + 1, c.Position + words)}\" in \"{c.Spec}\"; expected 0-59, e.g. {MinuteOfHourForms}");
        return (minute, words);
    }
}
