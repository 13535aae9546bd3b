using System.Globalization;
using System.Text;

namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>
/// The canonical RFC 5545 text of a rule, on one line: <c>DTSTART;TZID=zone:20261201T090000 RRULE:FREQ=…[ EXDATE…]</c>
/// (DTSTART in UTC is written with Z and no TZID). Parts come in a fixed order, so equal rules read the same.
/// </summary>
internal static class RecurrenceRuleText
{
    private const string Stamp = "yyyyMMdd'T'HHmmss";

    public static string Format(RecurrenceRule r)
    {
        var text = new StringBuilder();
        text.Append(r.IsUtc ? $"DTSTART:{Local(r.Start)}Z" : $"DTSTART;TZID={r.ZoneId}:{Local(r.Start)}");
        text.Append(" RRULE:FREQ=").Append(r.Freq.ToString().ToUpperInvariant());
        if (r.Interval != 1) Part(text, "INTERVAL", r.Interval.ToString(CultureInfo.InvariantCulture));
        if (r.Count is { } count) Part(text, "COUNT", count.ToString(CultureInfo.InvariantCulture));
        if (r.UntilText is { } until) Part(text, "UNTIL", until);
        List(text, "BYSECOND", r.BySecond);
        List(text, "BYMINUTE", r.ByMinute);
        List(text, "BYHOUR", r.ByHour);
        if (r.ByDay is { } days) Part(text, "BYDAY", string.Join(',', days.Select(RecurrenceRuleParser.Ordinal)));
        List(text, "BYMONTHDAY", r.ByMonthDay);
        List(text, "BYYEARDAY", r.ByYearDay);
        List(text, "BYWEEKNO", r.ByWeekNo);
        List(text, "BYMONTH", r.ByMonth);
        List(text, "BYSETPOS", r.BySetPos);
        if (r.WeekStart != DayOfWeek.Monday) Part(text, "WKST", RecurrenceRuleParser.WeekdayCodes[(int)r.WeekStart]);
        // In the rule's zone, as written, except an instant its local time does not name once read back: the second pass of
        // an hour the clocks turn back (RFC 5545 reads a repeated local time as its first pass) keeps its UTC form, so the
        // stored text excludes the instant that was asked for, not the hour before it.
        var zoned = r.IsUtc ? [] : r.ExDates.Where(e => r.TryInstant(ZonedClock.ToLocal(e, r.Zone)) == e).ToArray();
        if (zoned.Length > 0)
            text.Append($" EXDATE;TZID={r.ZoneId}:").AppendJoin(',', zoned.Select(e => Local(ZonedClock.ToLocal(e, r.Zone))));
        if (r.ExDates.Length > zoned.Length)
            text.Append(" EXDATE:").AppendJoin(',', r.ExDates.Except(zoned).Select(e => Local(e.UtcDateTime) + "Z"));
        if (r.ExDays.Length > 0)
            text.Append(" EXDATE;VALUE=DATE:").AppendJoin(',', r.ExDays.Select(d => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        if (r.GapAfter && !r.IsUtc) text.Append(" X-DST-GAP:AFTER");
        return text.ToString();
    }

    private static string Local(DateTime value) => value.ToString(Stamp, CultureInfo.InvariantCulture);

    private static void Part(StringBuilder text, string name, string value) => text.Append(';').Append(name).Append('=').Append(value);

    private static void List(StringBuilder text, string name, int[]? values)
    {
        if (values is not null) Part(text, name, string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture))));
    }
}
