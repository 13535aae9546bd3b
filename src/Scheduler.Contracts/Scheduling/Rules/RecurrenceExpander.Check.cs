namespace Scheduler.Contracts.Scheduling.Rules;

internal sealed partial class RecurrenceExpander
{
    /// <summary>Steps the parse-time search for a first occurrence may spend (tens of milliseconds at worst).</summary>
    private const int CheckBudget = 3_000_000;

    /// <summary>
    /// Why the rule can never produce an occurrence, or null. The calendar repeats every 400 years, so a rule's
    /// pattern repeats after 400 × INTERVAL / gcd(FREQ units in 400 years, INTERVAL) years: searching that far
    /// (bounded by year 9999 and a step budget) decides it.
    /// </summary>
    private string? NeverMatches()
    {
        if (_rule.Freq <= Frequency.Hourly && TimeGridNeverMatches() is { } grid) return grid;
        if (MonthDaysNeverMatch() is { } monthDays) return monthDays;
        if (SetPositionsNeverMatch() is { } setPos) return setPos;
        long unitsIn400Years = _rule.Freq switch
        {
            Frequency.Yearly => 400, Frequency.Monthly => 4800, Frequency.Weekly => 20871, Frequency.Daily => 146097,
            Frequency.Hourly => 146097L * 24, Frequency.Minutely => 146097L * 1440, _ => 146097L * 86400,
        };
        var years = 400L * _interval / Gcd(unitsIn400Years, _interval);
        var start = _rule.Start;
        var horizon = years >= 9999 - start.Year ? DateTime.MaxValue : start.AddYears((int)years);
        var budget = new Budget(CheckBudget);
        foreach (var local in From(start, budget))
        {
            if (local > horizon) break;
            return null;
        }
        if (budget.Exhausted)
            return $"no occurrence found in the first {CheckBudget:N0} steps from DTSTART: its parts meet too rarely to be found, or never; expected fewer or wider BYxxx parts (each one narrows the rule)";
        return LeapDayNeverReached() ?? "it can never match: no date-time satisfies all of its parts (e.g. BYMONTH=2;BYMONTHDAY=30)";
    }

    /// <summary>
    /// February 29th every N years where no year the rule reaches is a leap year (every 2 or 4 years from 2027): said with
    /// the cause and the fix rather than a generic example.
    /// </summary>
    private string? LeapDayNeverReached()
    {
        if (_rule.Freq != Frequency.Yearly) return null;
        if (_rule.ByMonth is not { } months || months.Any(m => m != 2) || _rule.ByMonthDay is not { } days || days.Any(d => d != 29)) return null;
        var year = _rule.Start.Year;
        // The leap years repeat every 400: a reached year within 400 steps that is leap would be found by the search.
        for (var step = 0L; step < 400 && year + step * _interval <= 9999; step++)
            if (DateTime.IsLeapYear((int)(year + step * _interval))) return null;
        var leap = Enumerable.Range(year + 1, 8).First(DateTime.IsLeapYear);
        return $"it can never match: February 29 exists only in leap years, and FREQ=YEARLY;INTERVAL={_interval} from DTSTART's year {year} " +
               $"reaches {year}, {year + _interval}, {year + 2 * _interval}, …, none of them a leap year; start it in a leap year (e.g. DTSTART in {leap})";
    }

    /// <summary>
    /// BYMONTH with BYMONTHDAY where no listed month has any listed day ("BYMONTH=2;BYMONTHDAY=30"): said at once, by the
    /// months and days, rather than after a search of 400 years of the calendar runs out of steps.
    /// </summary>
    private string? MonthDaysNeverMatch()
    {
        if (_rule.ByMonth is not { } months || _rule.ByMonthDay is not { } days) return null;
        // February counts its leap day: 29 exists every fourth year.
        static int Longest(int month) => month == 2 ? 29 : DateTime.DaysInMonth(2001, month);
        if (months.Any(m => days.Any(d => Math.Abs(d) <= Longest(m)))) return null;
        var names = string.Join(", ", months.Select(m => $"{System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m)} has at most {Longest(m)} days"));
        return $"it can never match: BYMONTH={string.Join(',', months)} has no day BYMONTHDAY={string.Join(',', days)} ({names})";
    }

    /// <summary>
    /// Sub-daily rules step a fixed number of seconds; over all days they reach exactly the times of day
    /// congruent to DTSTART's modulo gcd(step, 86400). If none of those passes BYHOUR/BYMINUTE/BYSECOND, nothing ever will.
    /// </summary>
    private string? TimeGridNeverMatches()
    {
        var unitSeconds = _unitTicks / TimeSpan.TicksPerSecond;
        var step = unitSeconds * _interval;
        var g = Gcd(step, 86400);
        var startOfUnit = _rule.Start.TimeOfDay.Ticks / _unitTicks * unitSeconds;
        for (var t = startOfUnit % g; t < 86400; t += g)
        {
            if (_hourOk is not null && !_hourOk[t / 3600]) continue;
            if (_rule.Freq <= Frequency.Minutely && _minuteOk is not null && !_minuteOk[t / 60 % 60]) continue;
            if (_rule.Freq == Frequency.Secondly && _secondOk is not null && !_secondOk[t % 60]) continue;
            return null;
        }
        var unit = _rule.Freq switch { Frequency.Hourly => "hour", Frequency.Minutely => "minute", _ => "second" };
        return $"it can never match: FREQ={_rule.Freq.ToString().ToUpperInvariant()};INTERVAL={_interval} from DTSTART {_rule.Start:HH:mm:ss} " +
               $"only reaches times of day {g / unitSeconds} {unit}(s) apart, and none of them is allowed by BYHOUR/BYMINUTE/BYSECOND";
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
