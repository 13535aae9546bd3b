namespace Scheduler.Contracts.Scheduling.Rules;

internal sealed partial class RecurrenceExpander
{
    // Day number × 2 + answer, in one field so concurrent callers of a shared expander never pair a day with
    // another day's answer (a long is read and written atomically on 64-bit).
    private long _lastDay = -1;

    /// <summary>Whether a day passes BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY and BYDAY (with the defaults from DTSTART).</summary>
    private bool DayOk(int dayNumber)
    {
        // Sub-daily walks ask about the same day many times in a row.
        var cached = Volatile.Read(ref _lastDay);
        if (cached >= 0 && cached >> 1 == dayNumber) return (cached & 1) == 1;
        var ok = Check(DateOnly.FromDayNumber(dayNumber));
        Volatile.Write(ref _lastDay, ((long)dayNumber << 1) | (ok ? 1L : 0L));
        return ok;
    }

    private bool Check(DateOnly date)
    {
        if (_months is not null && !_months[date.Month]) return false;
        if (_rule.ByWeekNo is { } weeks && !WeekNoOk(date, weeks)) return false;
        if (_rule.ByYearDay is { } yearDays)
        {
            var length = DateTime.IsLeapYear(date.Year) ? 366 : 365;
            if (!Contains(yearDays, date.DayOfYear, length)) return false;
        }
        if (_monthDays is { } monthDays && !Contains(monthDays, date.Day, DateTime.DaysInMonth(date.Year, date.Month))) return false;
        if (_days is { } days && !WeekdayOk(date, days)) return false;
        return true;
    }

    // A value n ≥ 1 counts from the start, −n from the end (−1 = the last).
    private static bool Contains(int[] values, int position, int length) =>
        Array.BinarySearch(values, position) >= 0 || Array.BinarySearch(values, position - length - 1) >= 0;

    private bool WeekdayOk(DateOnly date, WeekdayNum[] days)
    {
        foreach (var d in days)
        {
            if (d.Day != date.DayOfWeek) continue;
            if (d.Ordinal == 0) return true;
            // The n-th weekday counts within the month for MONTHLY (and YEARLY with BYMONTH), else within the year.
            int index, length;
            if (_rule.Freq == Frequency.Monthly || _rule.ByMonth is not null)
                (index, length) = (date.Day, DateTime.DaysInMonth(date.Year, date.Month));
            else
                (index, length) = (date.DayOfYear, DateTime.IsLeapYear(date.Year) ? 366 : 365);
            var nth = d.Ordinal > 0 ? (index - 1) / 7 + 1 : -((length - index) / 7 + 1);
            if (nth == d.Ordinal) return true;
        }
        return false;
    }

    /// <summary>RFC 5545 week numbers: weeks start on WKST, week 1 is the first with at least four days in the year.</summary>
    private bool WeekNoOk(DateOnly date, int[] weeks)
    {
        var day = date.DayNumber;
        var year = date.Year;
        if (year < 9999 && day >= Week1Start(year + 1)) year++;
        else if (year > 1 && day < Week1Start(year)) year--;
        var start = Week1Start(year);
        var number = (day - start) / 7 + 1;
        var count = year < 9999 ? (Week1Start(year + 1) - start) / 7 : 52;
        return Array.BinarySearch(weeks, number) >= 0 || Array.BinarySearch(weeks, number - count - 1) >= 0;
    }

    // The week holding 4 January is week 1 whatever day the week starts on.
    private int Week1Start(int year)
    {
        var jan4 = new DateOnly(year, 1, 4);
        return jan4.DayNumber - ((int)jan4.DayOfWeek - (int)_rule.WeekStart + 7) % 7;
    }
}
