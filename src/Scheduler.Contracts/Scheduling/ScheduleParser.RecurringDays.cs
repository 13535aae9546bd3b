namespace Scheduler.Contracts.Scheduling;

// Openings that read as recurring days ("mondays", "the 1st and 15th of every month") and those that look like a
// one-shot but are not one ("on the 15th at noon", "on monday and friday"), refused with the form to write.
public static partial class ScheduleParser
{
    /// <summary>
    /// After "on": days that can only repeat — "every monday", "weekdays", "mondays", "mon-fri", or days of every
    /// month ("the 1st of every month", "the last day of each month", "the first monday of the month").
    /// </summary>
    private static bool RecurringDaysFollow(SpecCursor c, int offset)
    {
        if (c.Peek(offset) is "every" or "each") return true;
        if (c.Peek(offset) == "the") offset++;
        var first = c.Peek(offset);
        if (first is "weekdays" or "weekends" || SpecWords.IsPluralWeekday(first) || CalendarRule.IsWeekdayRange(first)) return true;
        if (!IsOrdinalWord(first)) return false;
        for (var i = offset + 1; c.Peek(i) is { } token; i++)
            if (token == "of")
                return c.Peek(i + 1) is "every" or "each" or "month" || (c.Peek(i + 1) == "the" && c.Peek(i + 2) is "month" or "quarter");
        return false;
    }

    /// <summary>
    /// How many words from <paramref name="from"/> a list of days of the month takes: "15th", "1st and 15th", "15th and
    /// last day", "1st, 15th and 2nd to last day", "second to last friday", "2nd last day" (a day counted back is one day
    /// too), with the "day" or weekday after it.
    /// </summary>
    private static int DayListWords(SpecCursor c, int from)
    {
        var i = from;
        while (IsOrdinalWord(c.Peek(i)))
        {
            i++;
            if (c.Peek(i) == "to" && c.Peek(i + 1) == "last") i += 2;
            else if (c.Peek(i) == "last") i++;
            var next = i + (c.Peek(i) == "," ? 1 : 0);
            next += c.Peek(next) == "and" ? 1 : 0;
            if (next == i) break;
            next += c.Peek(next) == "the" ? 1 : 0;
            if (!IsOrdinalWord(c.Peek(next))) break;
            i = next;
        }
        return i - from + (c.Peek(i) is "day" || CalendarRule.IsDaysWord(c.Peek(i)) ? 1 : 0);
    }

    private static bool IsOrdinalWord(string? token) => CalendarRule.WeekOrdinal(token) is not null || OrdinalNumber(token) is not null;

    /// <summary>
    /// "at 9am on the 1st", "on the 15th at noon": a day of the month without a month could be the next one only or
    /// every month; "on monday and friday at 9am": a one-shot has one day. Refused with the recurring form to write.
    /// </summary>
    private static void RefuseOneShotLooking(SpecCursor c, string? times)
    {
        var at = times is null ? "" : $" at {times}";
        var start = c.Position;
        if (c.Accept("on") && !RecurringDaysFollow(c, 0) && c.Peek() == "the" && IsOrdinalWord(c.Peek(1)) && !OfNextMonthFollows(c, 1) && !WeekdayOfNextMonthFollows(c, 1))
        {
            // "on the 1st and 15th", "on the 15th and last day", "on the 1st and 2nd to last day": the whole list goes
            // before "of every month".
            var words = 1 + DayListWords(c, 1);
            // "on the 24th of december" is a date, left to the one-shot grammar; so is anything else with "of".
            if (Enumerable.Range(words, c.Count).TakeWhile(i => c.Peek(i) is not null).All(i => c.Peek(i) != "of"))
            {
                var day = c.Slice(c.Position + 1, c.Position + words).Replace(" , ", ", ", StringComparison.Ordinal);
                var rest = c.Slice(c.Position + words, c.Count);
                // One day of the month may be next month's ("on the 15th of next month"); a list or a weekday is no date.
                rest = $"{at}{(rest.Length > 0 ? " " + rest : "")}";
                var once = words == 2 && c.Peek(1) != "last" ? $"\"on the {day} of next month{rest}\" or " : "";
                throw c.Error($"\"on the {day}\" in \"{c.Spec}\" does not say whether it repeats; expected e.g. \"on the {day} of every month{rest}\", or for once {once}a date such as \"on dec 1{rest}\"");
            }
        }
        var first = c.Position;
        if (SpecWords.TryWeekday(c.Peek(), out _) && !SpecWords.IsPluralWeekday(c.Peek()) && c.Peek(1) is "and" or "," && SpecWords.TryWeekday(c.Peek(2), out _))
        {
            var last = first + 2;
            while (c.Peek(last - first + 1) is "and" or "," && SpecWords.TryWeekday(c.Peek(last - first + 2), out _)) last += 2;
            var days = c.Slice(first, last + 1).Replace(" ,", ",", StringComparison.Ordinal);
            var rest = c.Slice(last + 1, c.Count);
            throw c.Error($"\"{days}\" in \"{c.Spec}\" names several days, and a one-shot spec has one; for every week write \"every {days}{at}{(rest.Length > 0 ? " " + rest : "")}\"");
        }
        c.Position = start;
    }

    /// <summary>True when a spec opens with recurring days rather than a one-shot day ("mondays", "last friday", "2nd wednesday", "mon-fri").</summary>
    private static bool StartsWithDays(SpecCursor c)
    {
        var offset = c.Peek() == "the" ? 1 : 0;
        var first = c.Peek(offset);
        if (OfNextMonthFollows(c, offset) || WeekdayOfNextMonthFollows(c, offset)) return false;
        if (first is "weekdays" or "weekends" || SpecWords.IsPluralWeekday(first)) return true;
        if (CalendarRule.WeekOrdinal(first) is not null) return true;
        // "weekday mornings at 7", "monday evenings at 6pm": the plural makes it every week.
        if (CalendarRule.IsDaysWord(first) && c.Peek(offset + 1) is { } part && part.EndsWith('s') && PartOfDay.Find(part) is not null) return true;
        // "mon-fri at 9am", "monday to friday at 9am": a run of days is never one day, so it repeats.
        if (CalendarRule.IsWeekdayRange(first) || (SpecWords.TryWeekday(first, out _) && c.Peek(offset + 1) is "to" or "through" or "thru" && SpecWords.TryWeekday(c.Peek(offset + 2), out _)))
            return true;
        // "2nd wednesday", "1st and 3rd monday", "15th of every month" — but not a one-shot date such as "24th of dec".
        return first is { Length: > 2 } && char.IsAsciiDigit(first[0]) && !SpecWords.IsDigits(first) && first.TrimStart("0123456789".ToCharArray()) is "st" or "nd" or "rd" or "th"
            && (CalendarRule.IsDaysWord(c.Peek(offset + 1)) || c.Peek(offset + 1) is "and" or ","
                || (c.Peek(offset + 1), c.Peek(offset + 2)) is ("to", "last") or ("last", "day")
                || (c.Peek(offset + 1) == "last" && SpecWords.TryWeekday(c.Peek(offset + 2), out _))
                || (c.Peek(offset + 1) == "of" && c.Peek(offset + 2) is "the" or "every" or "each" or "month"));
    }
}
