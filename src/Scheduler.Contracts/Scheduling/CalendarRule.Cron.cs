using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>
    /// Writes the rule as one cron expression when cron says exactly the same thing; null when it cannot (a step of
    /// days or weeks, a bound, times that are not every hour × every minute listed, "last" mixed with numbered
    /// weekdays). <paramref name="firstMonth"/> is the month of the first occurrence, the phase of "every N months".
    /// </summary>
    public string? TryCron(SpecCursor c, int firstMonth)
    {
        if (Until is not null || Count is not null) return null;
        if (Every > 1 && Unit is not CalendarUnit.Month) return null;
        if (Every > 1 && 12 % Every != 0) return null;
        if (TimeFields(TimesOfDay(c)) is not { } time) return null;
        if (DayFields() is not var (dom, dow)) return null;
        string month;
        if (Every > 1)
        {
            if (Months is not null) return null;
            month = Field(Enumerable.Range(0, 12 / Every).Select(k => (firstMonth - 1 + k * Every) % 12 + 1).Order().ToList(), 1, 12);
        }
        else month = Months is { } months ? Field(months.ToList(), 1, 12) : Unit == CalendarUnit.Year && !HasDay ? "1" : "*";
        return $"{time} {dom} {month} {dow}";
    }

    private (string Dom, string Dow)? DayFields()
    {
        if (Weekdays is { } weekdays)
        {
            var days = Field(weekdays.Select(d => (int)d).ToList(), 0, 6);
            if (Ordinals.Count == 0) return ("*", days);
            // Cron's fields are a product (weeks of the month × weekdays); "1st monday and 3rd friday" needs a rule.
            if (!IsCrossProduct) return null;
            if (Ordinals.SetEquals([-1])) return weekdays.Count == 1 ? ("*", $"{(int)weekdays.Min}L") : null;
            // Cronos has "5L" for the last Friday but nothing for the second to last.
            if (Ordinals.Any(n => n < 0)) return null;
            if (Ordinals.Count == 1 && weekdays.Count == 1) return ("*", $"{(int)weekdays.Min}#{Ordinals.Min}");
            // Cronos matches a day when both fields match, so the nth weekdays are the weeks of the month × the weekdays.
            var ranges = string.Join(',', Ordinals.Select(n => $"{7 * n - 6}-{Math.Min(7 * n, 31)}"));
            return (ranges, days);
        }
        return Special switch
        {
            // Cronos takes "L" alone in the day field, not in a list with numbered days or another L: those need the rule.
            MonthDaySpecial.LastDay when MonthDays.Count > 0 || LastDayOffsets.Count > 1 => null,
            MonthDaySpecial.LastDay => (LastDayOffsets.Min == 0 ? "L" : $"L-{LastDayOffsets.Min}", "*"),
            MonthDaySpecial.LastWeekday => ("LW", "*"),
            MonthDaySpecial.FirstWeekday => ("1W", "*"),
            _ when MonthDays.Count > 0 => (Field(MonthDays.ToList(), 1, 31), "*"),
            _ => Unit switch
            {
                CalendarUnit.Week => ("*", "0"),
                CalendarUnit.Month or CalendarUnit.Quarter or CalendarUnit.HalfYear or CalendarUnit.Year => ("1", "*"),
                _ => ("*", "*"),
            },
        };
    }

    /// <summary>"0 9,17" for 09:00 and 17:00: only when the times are exactly every listed hour × every listed minute.</summary>
    private static string? TimeFields(List<TimeOnly> times)
    {
        if (times.Select(t => t.Second).Distinct().Count() > 1) return null;
        var hours = times.Select(t => t.Hour).Distinct().Order().ToList();
        var minutes = times.Select(t => t.Minute).Distinct().Order().ToList();
        if (hours.Count * minutes.Count != times.Count) return null;
        var fields = $"{Field(minutes, 0, 59, steps: true)} {Field(hours, 0, 23, steps: true)}";
        return times[0].Second == 0 ? fields : $"{times[0].Second} {fields}";
    }

    /// <summary>A cron field for a sorted set of values: "*", "9-16", a list, and for times "*/15", "7/15", "8-20/2".</summary>
    internal static string Field(List<int> values, int min, int max, bool steps = false)
    {
        string N(int v) => v.ToString(CultureInfo.InvariantCulture);
        if (values.Count == max - min + 1) return "*";
        if (values.Count <= 2) return string.Join(',', values.Select(N));
        var step = values[1] - values[0];
        var regular = values.Zip(values.Skip(1)).All(p => p.Second - p.First == step);
        if (regular && step == 1) return $"{N(values[0])}-{N(values[^1])}";
        if (regular && steps && values[0] - step < min && values[^1] + step > max)
            return values[0] == min ? $"*/{N(step)}" : $"{N(values[0])}/{N(step)}";
        if (regular && steps && values.Count > 4) return $"{N(values[0])}-{N(values[^1])}/{N(step)}";
        return string.Join(',', values.Select(N));
    }
}
