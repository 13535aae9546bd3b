using System.Globalization;

namespace Scheduler.Contracts.Scheduling.Rules;

internal static partial class RecurrenceRuleParser
{
    private const string Weekdays = "MO, TU, WE, TH, FR, SA or SU";

    private static readonly string[] Names =
        ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST"];

    private static Dictionary<string, string> ReadParts(string value, string spec)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(';'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw Error($"\"{Short(part)}\" is not NAME=VALUE; expected e.g. FREQ=DAILY;BYHOUR=9", spec);
            var name = part[..eq].ToUpperInvariant();
            if (!Names.Contains(name))
                throw Error($"unknown rule part \"{Short(part[..eq])}\"; accepted: {string.Join(", ", Names)}", spec);
            if (!parts.TryAdd(name, part[(eq + 1)..])) throw Error($"{name} appears twice; expected it once", spec);
        }
        return parts;
    }

    private static RecurrenceRule Build(Dictionary<string, string> p, string spec, DateTime start, TimeZoneInfo zone, string zoneId, bool utc, bool implicitStart)
    {
        if (!p.TryGetValue("FREQ", out var freqText)) throw Error("FREQ is missing; expected FREQ=SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY", spec);
        var freq = freqText.ToUpperInvariant() switch
        {
            "SECONDLY" => Frequency.Secondly, "MINUTELY" => Frequency.Minutely, "HOURLY" => Frequency.Hourly, "DAILY" => Frequency.Daily,
            "WEEKLY" => Frequency.Weekly, "MONTHLY" => Frequency.Monthly, "YEARLY" => Frequency.Yearly,
            _ => throw Error($"unknown FREQ \"{Short(freqText)}\"; expected SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY", spec),
        };
        int? Get(string name, int min, int max) => p.TryGetValue(name, out var v) ? Number(v, name, min, max, spec) : null;
        int[]? List(string name, int min, int max, bool allowNegative) =>
            p.TryGetValue(name, out var v) ? Numbers(v, name, min, max, allowNegative, spec) : null;

        var interval = Get("INTERVAL", 1, MaxInterval) ?? 1;
        var count = Get("COUNT", 1, MaxCount);
        if (count is not null && p.ContainsKey("UNTIL")) throw Error("COUNT and UNTIL are both given; RFC 5545 allows one of them", spec);
        DateTimeOffset? until = null;
        if (p.TryGetValue("UNTIL", out var untilText))
        {
            var (local, isUtc, dateOnly) = ReadDateTime(untilText, "UNTIL", spec);
            // A date-only UNTIL bounds inclusively: every occurrence on that local date still runs.
            until = isUtc ? new DateTimeOffset(local, TimeSpan.Zero)
                : dateOnly ? RuleClock.ToInstant(local.AddDays(1), zone).AddTicks(-1) : RuleClock.ToInstant(local, zone);
        }
        var byDay = p.TryGetValue("BYDAY", out var dayText) ? WeekdayList(dayText, spec) : null;
        var byMonthDay = List("BYMONTHDAY", 1, 31, true);
        var byYearDay = List("BYYEARDAY", 1, 366, true);
        var byWeekNo = List("BYWEEKNO", 1, 53, true);
        var bySetPos = List("BYSETPOS", 1, 366, true);
        var bySecond = List("BYSECOND", 0, 59, false);
        var byMinute = List("BYMINUTE", 0, 59, false);
        var byHour = List("BYHOUR", 0, 23, false);
        if (implicitStart)
        {
            // Without DTSTART the start is "now"; "RRULE:FREQ=DAILY;BYHOUR=9" means 09:00:00, not 09:<now's minute>. Only
            // parts finer than the frequency are filled: for FREQ=MINUTELY the minute, and for SECONDLY the second too,
            // is what the rule steps through, and a filled-in 0 would keep one of its occurrences an hour (or a minute).
            if (byHour is not null && byMinute is null && freq is not (Frequency.Minutely or Frequency.Secondly)) byMinute = [0];
            if ((byHour ?? byMinute) is not null && bySecond is null && freq != Frequency.Secondly) bySecond = [0];
        }

        if (byWeekNo is not null && freq != Frequency.Yearly) throw Error("BYWEEKNO is only valid with FREQ=YEARLY", spec);
        if (byYearDay is not null && freq is Frequency.Daily or Frequency.Weekly or Frequency.Monthly)
            throw Error($"BYYEARDAY is not valid with FREQ={freqText.ToUpperInvariant()}; use it with YEARLY, HOURLY, MINUTELY or SECONDLY", spec);
        if (byMonthDay is not null && freq == Frequency.Weekly) throw Error("BYMONTHDAY is not valid with FREQ=WEEKLY", spec);
        // Every numbered entry is checked, not only the first: "1MO,-6FR" would otherwise keep a -6FR that never matches.
        foreach (var ordinal in byDay?.Where(d => d.Ordinal != 0) ?? [])
        {
            var label = Ordinal(ordinal);
            if (freq is not (Frequency.Monthly or Frequency.Yearly))
                throw Error($"BYDAY={label} has an ordinal, which is only valid with FREQ=MONTHLY or YEARLY; expected a plain weekday such as {WeekdayCodes[(int)ordinal.Day]}", spec);
            if (freq == Frequency.Yearly && byWeekNo is not null) throw Error($"BYDAY={label} has an ordinal, which is not valid together with BYWEEKNO", spec);
            if ((freq == Frequency.Monthly || byMonth(p) is not null) && Math.Abs(ordinal.Ordinal) > 5)
                throw Error($"BYDAY={label}: a month has at most 5 of each weekday; expected an ordinal between -5 and 5", spec);
        }
        if (bySetPos is not null && byDay is null && byMonthDay is null && byYearDay is null && byWeekNo is null
            && byHour is null && byMinute is null && bySecond is null && !p.ContainsKey("BYMONTH"))
            throw Error("BYSETPOS needs another BYxxx part to choose from, e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", spec);
        var wkst = p.TryGetValue("WKST", out var wkstText)
            ? Weekday(wkstText, "WKST", spec) : DayOfWeek.Monday;

        return new RecurrenceRule
        {
            Freq = freq, Interval = interval, Count = count, UntilText = untilText?.ToUpperInvariant(), UntilInstant = until,
            BySecond = bySecond, ByMinute = byMinute, ByHour = byHour, ByDay = byDay, ByMonthDay = byMonthDay,
            ByYearDay = byYearDay, ByWeekNo = byWeekNo, ByMonth = List("BYMONTH", 1, 12, false), BySetPos = bySetPos,
            WeekStart = wkst, Start = start, Zone = zone, ZoneId = zoneId, IsUtc = utc,
        };

        static string? byMonth(Dictionary<string, string> parts) => parts.GetValueOrDefault("BYMONTH");
    }

    private static int Number(string text, string name, int min, int max, string spec)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw Error($"{name}={Short(text)} is not a whole number from {min} to {max}", spec);
        return n;
    }

    private static int[] Numbers(string text, string name, int min, int max, bool allowNegative, string spec)
    {
        var values = new SortedSet<int>();
        foreach (var item in text.Split(','))
        {
            var range = allowNegative ? $"{min} to {max} or -{max} to -{min}" : $"{min} to {max}";
            // "9-17" is cron's range, which RFC 5545 does not have: said so, with the list it means.
            if (item.Split('-') is [{ Length: > 0 } from, { Length: > 0 } to] && int.TryParse(from, CultureInfo.InvariantCulture, out var a)
                && int.TryParse(to, CultureInfo.InvariantCulture, out var b) && a >= min && b <= max && a < b)
                throw Error($"{name} value \"{Short(item)}\" is a range, which RFC 5545 rules do not have; expected each value listed, "
                    + $"{name}={string.Join(',', Enumerable.Range(a, Math.Min(b - a + 1, 12)))}{(b - a + 1 > 12 ? ",…" : "")}", spec);
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                || !(n >= min && n <= max || allowNegative && -n >= min && -n <= max))
                throw Error($"{name} value \"{Short(item)}\" is out of range; expected {range}", spec);
            values.Add(n);
        }
        return values.ToArray();
    }

    private static WeekdayNum[] WeekdayList(string text, string spec)
    {
        var result = new List<WeekdayNum>();
        foreach (var item in text.Split(','))
        {
            var upper = item.ToUpperInvariant();
            var digits = upper.TakeWhile(c => c is '+' or '-' || char.IsAsciiDigit(c)).Count();
            var dayText = upper[digits..];
            if (dayText.Length == 0 || !TryWeekday(dayText, out var day))
                throw Error($"unknown weekday \"{Short(dayText.Length == 0 ? item : item[digits..])}\" in BYDAY; expected {Weekdays}, optionally preceded by an ordinal such as 2TU or -1FR", spec);
            var ordinal = 0;
            if (digits > 0 && (!int.TryParse(upper[..digits], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal) || ordinal == 0 || Math.Abs(ordinal) > 53))
                throw Error($"invalid ordinal \"{Short(item[..digits])}\" in BYDAY={Short(item)}; expected 1 to 53 or -1 to -53 (e.g. 1MO, -1FR)", spec);
            if (!result.Contains(new WeekdayNum(ordinal, day))) result.Add(new WeekdayNum(ordinal, day));
        }
        return result.ToArray();
    }

    private static DayOfWeek Weekday(string text, string name, string spec) =>
        TryWeekday(text.ToUpperInvariant(), out var day) ? day : throw Error($"unknown weekday \"{Short(text)}\" in {name}; expected {Weekdays}", spec);

    private static bool TryWeekday(string upper, out DayOfWeek day)
    {
        var index = Array.IndexOf(WeekdayCodes, upper);
        day = (DayOfWeek)Math.Max(index, 0);
        return index >= 0;
    }

    internal static readonly string[] WeekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    internal static string Ordinal(WeekdayNum d) =>
        (d.Ordinal == 0 ? "" : d.Ordinal.ToString(CultureInfo.InvariantCulture)) + WeekdayCodes[(int)d.Day];
}
