using System.Globalization;

namespace Scheduler.Contracts.Scheduling.Rules;

internal sealed partial class RecurrenceExpander
{
    /// <summary>
    /// Why BYSETPOS can never pick anything, or null: each period yields at most (days it can hold) × (times a day)
    /// candidates, and every position named lies beyond that. The bound is the calendar's: five Mondays at most in a
    /// month, 23 weekdays, the days BYMONTHDAY lists, so "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6" is said at once, with the
    /// positions that exist, instead of after a search of centuries runs out of steps.
    /// </summary>
    private string? SetPositionsNeverMatch()
    {
        if (_rule.BySetPos is not { } positions) return null;
        long perDay = _rule.Freq switch
        {
            Frequency.Secondly => 1, Frequency.Minutely => _secondList.Length,
            Frequency.Hourly => (long)_minuteList.Length * _secondList.Length, _ => _times.Length,
        };
        var (days, why) = DaysPerPeriod();
        var most = perDay * days;
        if (!positions.All(p => Math.Abs(p) > most)) return null;
        var period = _rule.Freq.ToString().ToLowerInvariant();
        var times = _rule.Freq switch
        {
            >= Frequency.Daily => perDay == 1 ? "" : $" × {perDay} times a day",
            Frequency.Hourly => perDay == 1 ? "" : $" × {perDay} minutes and seconds an hour",
            Frequency.Minutely => perDay == 1 ? "" : $" × {perDay} seconds a minute",
            _ => "",
        };
        var yields = _rule.Freq >= Frequency.Daily ? $"{why}{times}" : $"1 {period[..^2]}{times}";
        var accepted = most == 1 ? "BYSETPOS=1 or -1" : $"a position from 1 to {most} or from -{most} to -1";
        return $"it can never match: BYSETPOS={string.Join(',', positions)} never picks an occurrence: each {period} period yields at most {Candidates(most)}, {yields}; " +
               $"expected {accepted}, or more BYxxx values for it to choose from";
    }

    private static string Candidates(long n) => n == 1 ? "1 candidate" : $"{n.ToString(CultureInfo.InvariantCulture)} candidates";

    // The most days one period can hold, with the part that bounds it. An upper bound only: the check must never
    // refuse a rule that matches somewhere.
    private (long Days, string Why) DaysPerPeriod()
    {
        if (_rule.Freq <= Frequency.Daily) return (1, "1 day");
        var weekdays = _days?.Where(d => d.Ordinal == 0).Select(d => d.Day).Distinct().Count() ?? 0;
        var ordinals = _days?.Where(d => d.Ordinal != 0).Distinct().Count() ?? 0;
        var byDay = _days is null ? "" : "BYDAY=" + string.Join(',', _days.Select(d => (d.Ordinal == 0 ? "" : d.Ordinal.ToString(CultureInfo.InvariantCulture)) + d.Day.ToString()[..2].ToUpperInvariant()));
        if (_rule.Freq == Frequency.Weekly)
            return _days is null ? (7, "7 days") : (weekdays + ordinals, $"{Days(weekdays + ordinals)} a week ({byDay})");
        var (inMonth, why) = DaysPerMonth(weekdays, ordinals, byDay);
        if (_rule.Freq == Frequency.Monthly) return (inMonth, $"{Days(inMonth)} a month ({why})");
        if (_rule.ByYearDay is { } yearDays) return (yearDays.Distinct().Count(), $"{Days(yearDays.Distinct().Count())} a year (BYYEARDAY)");
        if (_rule.ByWeekNo is { } weeks)
        {
            var perWeek = _days is null ? 7 : Math.Min(7, weekdays + ordinals);
            return ((long)weeks.Distinct().Count() * perWeek, $"{Days((long)weeks.Distinct().Count() * perWeek)} a year (BYWEEKNO)");
        }
        var months = _months?.Count(m => m) ?? 12;
        // Without BYMONTH, weekdays count through the year: 52 of each, and the year's one or two days over.
        if (_rule.ByMonth is null && _monthDays is null && _days is not null)
        {
            var inYear = 52L * weekdays + Math.Min(weekdays, 2) + ordinals;
            return (inYear, $"{Days(inYear)} a year ({byDay})");
        }
        return (months * inMonth, $"{Days(months * inMonth)} a year ({months} month{(months == 1 ? "" : "s")} × {Days(inMonth)}: {why})");
    }

    // A month has at most 31 days, 4 of each weekday and 5 of three of them, one day per ordinal weekday ("2MO"), and
    // the days BYMONTHDAY lists.
    private (long Days, string Why) DaysPerMonth(int weekdays, int ordinals, string byDay)
    {
        var (most, why) = (31L, "31 days");
        if (_days is not null && 4L * weekdays + Math.Min(weekdays, 3) + ordinals is var n && n < most)
            (most, why) = (n, byDay);
        if (_monthDays is not null && _monthDays.Distinct().Count() is var listed && listed < most)
            (most, why) = (listed, _rule.ByMonthDay is null ? "DTSTART's day of the month" : "BYMONTHDAY=" + string.Join(',', _monthDays));
        return (most, why);
    }

    private static string Days(long n) => n == 1 ? "1 day" : $"{n.ToString(CultureInfo.InvariantCulture)} days";
}
