namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// .NET converts instants to local time correctly in every zone, but answers questions about a local time
/// (<see cref="TimeZoneInfo.IsInvalidTime"/>, <see cref="TimeZoneInfo.IsAmbiguousTime"/>, the offset of a local time)
/// wrongly in zones whose tzdata rules have a negative daylight delta (Europe/Dublin's winter time, Africa/Casablanca's
/// Ramadan) and around some base-offset changes (America/Nuuk until 2023): Dublin's 01:30 on its spring-forward day was
/// taken as 00:30 UTC, an hour early, and a cron's next occurrence there never moved past it. Cronos and the schedule
/// clocks ask those questions, so such a zone is replaced by one rebuilt from its own instant conversions: per year, its
/// lowest offset as standard time and its daylight periods as positive ones.
/// </summary>
internal static class ZoneRepair
{
    // The rebuilt zone's years: after the last, its base offset holds (no daylight time).
    private const int FirstYear = 1970, LastYear = 2200;
    // The years whose answers decide whether a zone needs rebuilding (fixed: every process decides alike).
    private const int CheckFrom = 2000, CheckTo = 2100;

    /// <summary><paramref name="zone"/>, or its rebuilt twin when .NET answers its local times wrongly and the twin does better.</summary>
    public static TimeZoneInfo Repaired(TimeZoneInfo zone)
    {
        // .NET goes wrong with a negative daylight delta or around a change of base offset: zones with neither are kept
        // without the check (it reads a century of transitions).
        if (zone == TimeZoneInfo.Utc || !zone.SupportsDaylightSavingTime
            || !zone.GetAdjustmentRules().Any(r => r.DaylightDelta < TimeSpan.Zero || r.BaseUtcOffsetDelta != TimeSpan.Zero)) return zone;
        var wrong = WrongAnswers(zone, zone);
        if (wrong == 0) return zone;
        try
        {
            var rebuilt = Rebuild(zone);
            return WrongAnswers(zone, rebuilt) < wrong ? rebuilt : zone;
        }
        catch (Exception e) when (e is ArgumentException or InvalidTimeZoneException) { return zone; }
    }

    // How many local times around each transition of the checked years `candidate` answers unlike `truth`'s instants do.
    internal static int WrongAnswers(TimeZoneInfo truth, TimeZoneInfo candidate)
    {
        var wrong = 0;
        foreach (var (at, before, after) in Transitions(truth, Utc(CheckFrom), Utc(CheckTo)))
        {
            if (candidate.GetUtcOffset(new DateTimeOffset(at, TimeSpan.Zero)) != after) wrong++;
            var (low, high) = (at + Min(before, after), at + Max(before, after));
            // Minutes either side of each edge, not the edges themselves: .NET counts an edge in or out by the tick, zone by zone.
            foreach (var local in new[] { low.AddMinutes(-30), low.AddMinutes(-1), low.AddMinutes(1), low + (high - low) / 2, high.AddMinutes(-1), high.AddMinutes(1), high.AddMinutes(30) })
            {
                var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
                var offsets = new[] { before, after }.Distinct().Where(o => OffsetAt(truth, local - o) == o).Order().ToArray();
                var right = offsets.Length switch
                {
                    0 => candidate.IsInvalidTime(unspecified),
                    1 => !candidate.IsInvalidTime(unspecified) && !candidate.IsAmbiguousTime(unspecified) && candidate.GetUtcOffset(unspecified) == offsets[0],
                    _ => candidate.IsAmbiguousTime(unspecified) && candidate.GetAmbiguousTimeOffsets(unspecified).Order().SequenceEqual(offsets),
                };
                if (!right) wrong++;
            }
        }
        return wrong;
    }

    private static TimeZoneInfo Rebuild(TimeZoneInfo zone)
    {
        var transitions = Transitions(zone, Utc(FirstYear).AddDays(-2), Utc(LastYear + 1).AddDays(2));
        var baseOffset = OffsetAt(zone, Utc(LastYear));
        var rules = new List<TimeZoneInfo.AdjustmentRule>();
        for (var year = FirstYear; year <= LastYear; year++)
        {
            var start = Utc(year);
            var atStart = OffsetAt(zone, start - OffsetAt(zone, start));
            // A transition belongs to the year its local time (before it) falls in; one at local midnight to the year before.
            var inYear = transitions.Where(t => (t.At + t.Before).AddSeconds(-1).Year == year).ToList();
            var offsets = inYear.Select(t => t.After).Prepend(atStart).ToList();
            var (standard, daylight) = (offsets.Min(), offsets.Max());
            // Three offsets in a year (a base change beside daylight time): not expressible; the years before are dropped.
            if (inYear.Any(t => (t.Before != standard && t.Before != daylight) || (t.After != standard && t.After != daylight)))
            {
                rules.Clear();
                continue;
            }
            rules.AddRange(YearRules(year, inYear, atStart == daylight, standard, daylight, standard - baseOffset));
        }
        return TimeZoneInfo.CreateCustomTimeZone(zone.Id, baseOffset, zone.DisplayName, zone.StandardName, zone.DaylightName, [.. rules]);
    }

    private static IEnumerable<TimeZoneInfo.AdjustmentRule> YearRules(int year, List<(DateTime At, TimeSpan Before, TimeSpan After)> inYear, bool startsInDaylight,
        TimeSpan standard, TimeSpan daylight, TimeSpan baseDelta)
    {
        var (first, last) = (new DateTime(year, 1, 1), new DateTime(year, 12, 31));
        // The year's daylight periods in local time: entered at local standard time, left at local daylight time (null:
        // the year's start or end).
        var periods = new List<(DateTime? From, DateTime? To)>();
        DateTime? from = null;
        var inDaylight = startsInDaylight;
        foreach (var t in inYear)
        {
            // Entered at the next year's local midnight: that year starts in daylight time, this one has no such period.
            if (t.After == daylight && !inDaylight && (t.At + standard).Year == year) (from, inDaylight) = (t.At + standard, true);
            else if (t.Before == daylight && inDaylight)
            {
                periods.Add((from, t.At + daylight));
                inDaylight = false;
            }
        }
        if (inDaylight) periods.Add((from, null));
        var endsAtYearEnd = periods.Count > 0 && periods[^1].To is { } end && end.Year > year;
        var allYear = periods.Count == 1 && periods[0].From is null && (periods[0].To is null || endsAtYearEnd);
        if (standard == daylight || periods.Count == 0 || allYear)
        {
            // One offset all year.
            var offset = allYear ? baseDelta + (daylight - standard) : baseDelta;
            if (offset != TimeSpan.Zero) yield return TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(first, last, TimeSpan.Zero, YearStart, Fixed(new DateTime(year, 1, 2)), offset);
            yield break;
        }
        var delta = daylight - standard;
        TimeZoneInfo.TransitionTime Into(DateTime? at) => at is { } local ? Fixed(local) : YearStart;
        // A daylight period ending at the next year's local midnight ends with the year (.NET's marker: 1 January, 00:00).
        TimeZoneInfo.TransitionTime OutOf(DateTime? at) => at is { } local && local.Year == year ? Fixed(local) : YearStart;
        if (periods.Count == 2 && periods[0].From is null && (periods[1].To is null || periods[1].To!.Value.Year > year))
        {
            // Daylight time at both ends of the year: one rule whose period runs from its second start to its first end.
            yield return TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(first, last, delta, Fixed(periods[1].From!.Value), Fixed(periods[0].To!.Value), baseDelta);
            yield break;
        }
        for (var i = 0; i < periods.Count; i++)
        {
            // Several periods (two Ramadans in one year): a rule each, the next starting two days after this one's end.
            var ruleFrom = i == 0 ? first : periods[i - 1].To!.Value.Date.AddDays(2);
            var ruleTo = i == periods.Count - 1 ? last : periods[i].To!.Value.Date.AddDays(1);
            yield return TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(ruleFrom, ruleTo, delta, Into(periods[i].From), OutOf(periods[i].To), baseDelta);
        }
    }

    private static readonly TimeZoneInfo.TransitionTime YearStart = TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1), 1, 1);

    private static TimeZoneInfo.TransitionTime Fixed(DateTime local) =>
        TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, local.Hour, local.Minute, local.Second), local.Month, local.Day);

    // The instants in [from, to) where the zone's offset changes, to the second, with the offsets before and after.
    private static List<(DateTime At, TimeSpan Before, TimeSpan After)> Transitions(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        var found = new List<(DateTime, TimeSpan, TimeSpan)>();
        var offset = OffsetAt(zone, from);
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var next = OffsetAt(zone, day.AddDays(1));
            if (next == offset) continue;
            var (low, high) = (day, day.AddDays(1));
            while (high - low > TimeSpan.FromSeconds(1))
            {
                var middle = low.AddSeconds(Math.Floor((high - low).TotalSeconds / 2));
                if (OffsetAt(zone, middle) == offset) low = middle; else high = middle;
            }
            found.Add((high, offset, next));
            offset = next;
        }
        return found;
    }

    private static TimeSpan OffsetAt(TimeZoneInfo zone, DateTime utc) => zone.GetUtcOffset(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero));

    private static DateTime Utc(int year) => new(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
