namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>
/// Expands a <see cref="RecurrenceRule"/> the way RFC 5545 3.3.10 describes: period by period of FREQ×INTERVAL in
/// local (wall-clock) time, each period's days and times filtered or expanded by the BYxxx parts, then BYSETPOS, then
/// COUNT/UNTIL; only then are local times mapped to instants (<see cref="RuleClock"/>). Never walks from DTSTART
/// per call: the period holding "after" is found arithmetically, and a COUNT rule's last local time is counted once,
/// when the rule is compiled. Every walk is bounded by a step budget, so no rule can stall a caller.
/// </summary>
internal sealed partial class RecurrenceExpander
{
    /// <summary>Steps (periods plus days examined) one round of <see cref="Find"/> may spend.</summary>
    public const int CallBudget = 2_000_000;

    private readonly RecurrenceRule _rule;
    private readonly int _interval;
    private readonly bool[]? _months;
    private readonly int[]? _monthDays;
    private readonly WeekdayNum[]? _days;
    private readonly bool[]? _hourOk, _minuteOk, _secondOk;
    private readonly long[] _times;           // times of day (ticks) for DAILY and longer periods, sorted
    private readonly int[] _minuteList, _secondList;
    private readonly long _unitTicks;         // sub-daily: length of one FREQ unit
    private readonly long _baseUnit;          // sub-daily: DTSTART's unit index
    private readonly int _startDay;           // DTSTART's day number
    private readonly int _weekStartDay;       // WEEKLY: first day of DTSTART's week
    private readonly int _startMonth;         // MONTHLY: DTSTART's month index (year × 12 + month − 1)
    private DateTime? _last;                  // COUNT: the local time of the last instance
    private bool _ended;                      // COUNT: counted, and no instance exists

    /// <summary>Builds the expander, refuses a rule that can never match, and counts a COUNT rule once.</summary>
    public static RecurrenceExpander Compile(RecurrenceRule rule, string spec)
    {
        var expander = new RecurrenceExpander(rule);
        if (expander.TooManyPerPeriod() is { } crowded) throw RecurrenceRuleParser.Error(crowded, spec);
        if (expander.NeverMatches() is { } reason) throw RecurrenceRuleParser.Error(reason, spec);
        if (rule.Count is { } count)
        {
            expander._last = expander.CountLast(count, spec);
            expander._ended = expander._last is null;
        }
        return expander;
    }

    private RecurrenceExpander(RecurrenceRule rule)
    {
        _rule = rule;
        _interval = rule.Interval;
        var s = rule.Start;
        var byMonth = rule.ByMonth;
        _monthDays = rule.ByMonthDay;
        _days = rule.ByDay;
        if (!rule.HasDayRule)
        {
            // RFC 5545: parts the rule leaves out are taken from DTSTART.
            if (rule.Freq == Frequency.Yearly) { byMonth ??= [s.Month]; _monthDays = [s.Day]; }
            else if (rule.Freq == Frequency.Monthly) _monthDays = [s.Day];
            else if (rule.Freq == Frequency.Weekly) _days = [new WeekdayNum(0, s.DayOfWeek)];
        }
        _months = Mask(byMonth, 13);
        _hourOk = Mask(rule.ByHour, 24);
        _minuteOk = Mask(rule.ByMinute, 60);
        _secondOk = Mask(rule.BySecond, 60);
        _minuteList = rule.ByMinute ?? [s.Minute];
        _secondList = rule.BySecond ?? [s.Second];
        var hours = rule.ByHour ?? [s.Hour];
        _times = [.. from h in hours from m in _minuteList from sec in _secondList
                    select new TimeSpan(h, m, sec).Ticks into t orderby t select t];
        _unitTicks = rule.Freq switch
        {
            Frequency.Hourly => TimeSpan.TicksPerHour, Frequency.Minutely => TimeSpan.TicksPerMinute, _ => TimeSpan.TicksPerSecond,
        };
        _baseUnit = s.Ticks / _unitTicks;
        _startDay = DateOnly.FromDateTime(s).DayNumber;
        _weekStartDay = _startDay - ((int)s.DayOfWeek - (int)rule.WeekStart + 7) % 7;
        _startMonth = s.Year * 12 + s.Month - 1;
    }

    public RecurrenceRule Rule => _rule;

    /// <summary>Most start times one DAILY-or-longer period may hold (its days times the times of day).</summary>
    public const int MaxPerPeriod = 1_000_000;

    // A period's start times are listed before BYSETPOS picks among them: a yearly rule naming every hour, minute and
    // second would list 31.6 million (a quarter of a gigabyte, and a minute of CPU for one preview).
    private string? TooManyPerPeriod()
    {
        if (_rule.Freq <= Frequency.Hourly) return null;
        int[] monthLengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        var days = _rule.Freq switch
        {
            Frequency.Yearly => Enumerable.Range(1, 12).Where(m => _months is null || _months[m]).Sum(m => monthLengths[m - 1]),
            Frequency.Monthly => 31,
            Frequency.Weekly => 7,
            _ => 1,
        };
        var most = (long)days * _times.Length;
        return most <= MaxPerPeriod ? null
            : $"each {_rule.Freq.ToString().ToUpperInvariant()} period holds up to {most:N0} start times ({days} days × {_times.Length:N0} times of day); "
              + $"at most {MaxPerPeriod:N0} are accepted: expected fewer BYHOUR, BYMINUTE or BYSECOND values, or a shorter FREQ (FREQ=SECONDLY, MINUTELY, HOURLY)";
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>: Found, Ended (the rule has no more), or Exhausted
    /// (<paramref name="rounds"/> budgets of <paramref name="steps"/> ran out first, which says nothing about the end:
    /// each round resumes at the period where the previous one stopped).
    /// </summary>
    public (RuleOutcome Outcome, DateTimeOffset? Next) Find(DateTimeOffset after, int steps = CallBudget, int rounds = 1)
    {
        if (_ended) return (RuleOutcome.Ended, null);
        var zone = _rule.Zone;
        if (_rule.UntilInstant is { } until && after >= until) return (RuleOutcome.Ended, null);
        // Local times are not monotonic in instants around a gap (02:30 → 03:30 EDT lands after 03:00), so the walk
        // starts early enough that any local time that can map after "after" is seen, and stops once none can beat
        // the best found.
        var utc = after.UtcDateTime;
        var low = Min(OffsetAt(utc.AddDays(-2)), OffsetAt(utc), OffsetAt(utc.AddDays(2)));
        DateTime from;
        try { from = DateTime.SpecifyKind(utc + low, DateTimeKind.Unspecified); }
        catch (ArgumentOutOfRangeException) { return (RuleOutcome.Ended, null); }
        DateTimeOffset? best = null;
        var bestLimit = DateTime.MaxValue;
        var untilLimit = _rule.UntilInstant is { } u && u.UtcDateTime < DateTime.MaxValue.AddHours(-15) ? u.UtcDateTime.AddHours(15) : DateTime.MaxValue;
        long? resume = null;
        for (var round = 1; ; round++)
        {
            var budget = new Budget(steps);
            var stopped = false;
            foreach (var local in From(from, budget, resume))
            {
                if ((_last is { } last && local > last) || local > bestLimit || local > untilLimit) { stopped = true; break; }
                // Past year 9999 in UTC the series ends; before year 0001 (a far-west zone's first day) later times may fit.
                if (_rule.TryInstant(local) is not { } instant)
                {
                    if (local.Year >= 9999) { stopped = true; break; }
                    continue;
                }
                if (instant <= after || instant > _rule.UntilInstant || Excluded(instant, local)) continue;
                if (best is null || instant < best)
                {
                    best = instant;
                    var b = instant.UtcDateTime;
                    var high = Max(OffsetAt(b.AddDays(-2)), OffsetAt(b), OffsetAt(b.AddDays(2)));
                    bestLimit = b.Ticks + high.Ticks < DateTime.MaxValue.Ticks ? b + high : DateTime.MaxValue;
                }
            }
            if (best is not null) return (RuleOutcome.Found, best);
            if (stopped || !budget.Exhausted) return (RuleOutcome.Ended, null);
            if (round >= rounds) return (RuleOutcome.Exhausted, null);
            resume = budget.Period;
        }
    }

    private TimeSpan OffsetAt(DateTime utc)
    {
        if (utc < DateTime.MinValue.AddDays(3) || utc > DateTime.MaxValue.AddDays(-3)) return TimeSpan.Zero;
        return RuleClock.OffsetAt(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), _rule.Zone);
    }

    private bool Excluded(DateTimeOffset instant, DateTime local) =>
        (_rule.ExDates.Length > 0 && Array.BinarySearch(_rule.ExDates, instant) >= 0)
        || (_rule.ExDays.Length > 0 && Array.BinarySearch(_rule.ExDays, DateOnly.FromDateTime(local)) >= 0);

    // COUNT counts the rule's local start times from DTSTART (RFC 5545), before EXDATE removes any; done once here so
    // that later calls cost the same however far back DTSTART lies.
    private DateTime? CountLast(int count, string spec)
    {
        var budget = new Budget(CallBudget * 5);
        DateTime? last = null;
        DateTimeOffset? lastInstant = null;
        var n = 0;
        foreach (var local in From(_rule.Start, budget))
        {
            // Read after the gap, the local times a spring-forward merges (02:00 and 03:00) are one run, counted once.
            if (_rule.GapAfter && _rule.TryInstant(local) is { } instant)
            {
                if (instant == lastInstant) { last = local; continue; }
                lastInstant = instant;
            }
            last = local;
            if (++n == count) return last;
        }
        if (budget.Exhausted)
            throw RecurrenceRuleParser.Error($"counting COUNT={count} occurrences from DTSTART takes too long; use UNTIL or a smaller COUNT", spec);
        return last;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b, TimeSpan c) => a < b ? (a < c ? a : c) : (b < c ? b : c);
    private static TimeSpan Max(TimeSpan a, TimeSpan b, TimeSpan c) => a > b ? (a > c ? a : c) : (b > c ? b : c);

    private static bool[]? Mask(int[]? values, int size)
    {
        if (values is null) return null;
        var mask = new bool[size];
        foreach (var v in values) mask[v] = true;
        return mask;
    }

    /// <summary>Counts work so a walk can stop; shared by one call's nested loops.</summary>
    internal sealed class Budget(int steps)
    {
        private int _left = steps;

        /// <summary>The period the walk was at when it last checked the budget (where a new round resumes).</summary>
        public long Period { get; set; }

        public bool Exhausted => _left <= 0;
        public bool Spend(int n = 1) => (_left -= n) > 0;
    }
}
