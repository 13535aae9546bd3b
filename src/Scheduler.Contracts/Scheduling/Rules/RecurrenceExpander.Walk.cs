namespace Scheduler.Contracts.Scheduling.Rules;

internal sealed partial class RecurrenceExpander
{
    private static readonly int MaxDay = DateOnly.MaxValue.DayNumber;

    /// <summary>
    /// Local instances in ascending order, from the start of the period holding <paramref name="from"/> (never before
    /// DTSTART) or from period <paramref name="period"/>, until the calendar ends or <paramref name="budget"/> runs out.
    /// </summary>
    internal IEnumerable<DateTime> From(DateTime from, Budget budget, long? period = null)
    {
        var start = _rule.Start;
        if (from < start) from = start;
        var candidates = new List<DateTime>();
        var picked = new List<DateTime>();
        for (var k = period ?? PeriodOf(from); k >= 0;)
        {
            budget.Period = k;
            if (!budget.Spend()) yield break;
            candidates.Clear();
            long next;
            if (_rule.Freq <= Frequency.Hourly) { next = SubDaily(k, candidates, budget); }
            else
            {
                var (first, end) = DaysOf(k);
                if (first < 0 || first > MaxDay - 7) yield break;
                for (var d = first; d < end; d++)
                {
                    if (!DayOk(d)) continue;
                    var day = DateOnly.FromDayNumber(d).ToDateTime(TimeOnly.MinValue);
                    foreach (var t in _times) candidates.Add(day.AddTicks(t));
                }
                // Every start time listed is work, not only every day: a day may hold thousands.
                budget.Spend(Math.Max(end - first, candidates.Count));
                next = k + 1;
            }
            if (next < 0) yield break;
            foreach (var local in SetPositions(candidates, picked))
                if (local >= start) yield return local;
            k = next;
        }
    }

    private List<DateTime> SetPositions(List<DateTime> candidates, List<DateTime> picked)
    {
        if (_rule.BySetPos is not { } positions || candidates.Count == 0) return candidates;
        picked.Clear();
        foreach (var p in positions)
        {
            var i = p > 0 ? p - 1 : candidates.Count + p;
            if (i >= 0 && i < candidates.Count && !picked.Contains(candidates[i])) picked.Add(candidates[i]);
        }
        picked.Sort();
        return picked;
    }

    /// <summary>The index of the period holding <paramref name="local"/> (0 = DTSTART's period).</summary>
    private long PeriodOf(DateTime local)
    {
        var day = DateOnly.FromDateTime(local).DayNumber;
        long k = _rule.Freq switch
        {
            Frequency.Yearly => (local.Year - _rule.Start.Year) / _interval,
            Frequency.Monthly => (local.Year * 12 + local.Month - 1 - _startMonth) / _interval,
            Frequency.Weekly => (day - _weekStartDay) / (7L * _interval),
            Frequency.Daily => (day - _startDay) / (long)_interval,
            _ => (local.Ticks / _unitTicks - _baseUnit) / _interval,
        };
        return Math.Max(k, 0);
    }

    /// <summary>Day numbers [first, end) of a DAILY-or-longer period; first is −1 past the calendar's end.</summary>
    private (int First, int End) DaysOf(long k)
    {
        switch (_rule.Freq)
        {
            case Frequency.Yearly:
                var year = _rule.Start.Year + k * _interval;
                if (year > 9999) return (-1, -1);
                return (new DateOnly((int)year, 1, 1).DayNumber, year == 9999 ? MaxDay + 1 : new DateOnly((int)year + 1, 1, 1).DayNumber);
            case Frequency.Monthly:
                var m = _startMonth + k * _interval;
                if (m >= 9999 * 12) return (-1, -1);
                var first = new DateOnly((int)(m / 12), (int)(m % 12) + 1, 1);
                return (first.DayNumber, first.DayNumber + DateTime.DaysInMonth(first.Year, first.Month));
            case Frequency.Weekly:
                var w = _weekStartDay + k * 7 * _interval;
                return w > MaxDay - 7 ? (-1, -1) : ((int)w, (int)w + 7);
            default:
                var d = _startDay + k * _interval;
                return d > MaxDay - 7 ? (-1, -1) : ((int)d, (int)d + 1);
        }
    }

    /// <summary>
    /// HOURLY/MINUTELY/SECONDLY period <paramref name="k"/>: adds its instances and returns the next period worth
    /// looking at — skipping whole days, hours or minutes the BYxxx parts rule out — or −1 past the calendar's end.
    /// </summary>
    private long SubDaily(long k, List<DateTime> candidates, Budget budget)
    {
        var unit = _baseUnit + k * _interval;
        var ticks = unit * _unitTicks;
        if (ticks > DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay * 7) return -1;
        var day = (int)(ticks / TimeSpan.TicksPerDay);
        var ofDay = ticks % TimeSpan.TicksPerDay;
        var hour = (int)(ofDay / TimeSpan.TicksPerHour);
        var minute = (int)(ofDay / TimeSpan.TicksPerMinute % 60);
        var second = (int)(ofDay / TimeSpan.TicksPerSecond % 60);
        if (!DayOk(day)) return SkipTo((day + 1L) * TimeSpan.TicksPerDay);
        if (_hourOk is not null && !_hourOk[hour]) return SkipTo(ticks - ofDay % TimeSpan.TicksPerHour + TimeSpan.TicksPerHour);
        var local = new DateTime(ticks);
        switch (_rule.Freq)
        {
            case Frequency.Hourly:
                foreach (var m in _minuteList)
                    foreach (var s in _secondList)
                        candidates.Add(local.AddTicks(m * TimeSpan.TicksPerMinute + s * TimeSpan.TicksPerSecond));
                candidates.Sort();
                break;
            case Frequency.Minutely:
                if (_minuteOk is not null && !_minuteOk[minute]) break;
                foreach (var s in _secondList) candidates.Add(local.AddTicks(s * TimeSpan.TicksPerSecond));
                break;
            default:
                if (_minuteOk is not null && !_minuteOk[minute]) return SkipTo(ticks - ofDay % TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute);
                if (_secondOk is null || _secondOk[second]) candidates.Add(local);
                break;
        }
        budget.Spend(candidates.Count);
        return k + 1;

        // The first period that starts at or after the given local tick.
        long SkipTo(long target)
        {
            var units = (target + _unitTicks - 1) / _unitTicks - _baseUnit;
            return Math.Max(k + 1, (units + _interval - 1) / _interval);
        }
    }
}
