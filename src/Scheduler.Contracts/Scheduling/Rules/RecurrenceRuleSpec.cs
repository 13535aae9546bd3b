using System.Collections.Concurrent;

namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>
/// Entry point for RFC 5545 recurrence rules as schedules (<see cref="ScheduleKind.Rule"/>): parses, refuses rules
/// that can never match, and keeps one compiled <see cref="RecurrenceExpander"/> per canonical text.
/// </summary>
internal static class RecurrenceRuleSpec
{
    /// <summary>Longest rule text accepted (EXDATE lists make rules longer than other specs).</summary>
    public const int MaxLength = 4096;

    private static readonly ConcurrentDictionary<string, RecurrenceExpander> Compiled = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="text"/> is written as RFC 5545 (DTSTART, RRULE, EXDATE or a bare FREQ=…).</summary>
    public static bool LooksLikeRule(string text) =>
        text.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("DTSTART", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("FREQ=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("EXDATE", StringComparison.OrdinalIgnoreCase)
        // Refused by the rule parser with what to write instead, not as an unknown prefix.
        || text.StartsWith("RDATE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("EXRULE", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses "RRULE:…", optionally preceded by "DTSTART…" and followed by "EXDATE…". Without DTSTART the rule starts
    /// at the parse options' StartAt, else now, in the schedule's zone.
    /// </summary>
    /// <remarks>
    /// <paramref name="exact"/>: the text is an exact interval compiled from a spec ("every 5 minutes 3 times",
    /// "R5/PT1H") whose DTSTART is in UTC only so that its steps stay absolute time; the schedule keeps the spec's zone,
    /// which its description names, and which a spec read again later (an update) is read in.
    /// </remarks>
    internal static ParsedSchedule Parse(string ruleText, SpecContext context, string? description = null, bool exact = false)
    {
        var start = context.Options.StartAt is { } at && at > context.Now ? at : context.Now;
        var rule = RecurrenceRuleParser.Parse(ruleText, context.Spec, context.Zone, context.Options.TimeZone, start);
        var canonical = RecurrenceRuleText.Format(rule);
        var expander = Compiled.TryGetValue(canonical, out var known) ? known : Remember(canonical, RecurrenceExpander.Compile(rule, context.Spec));
        // From the tick before now: a rule whose last run is now itself runs now, as an at:<now> one-shot and the first
        // run of a longer rule starting now do.
        var (outcome, _) = expander.Find(context.Now.UtcTicks > 0 ? context.Now.AddTicks(-1) : context.Now);
        if (outcome == RuleOutcome.Exhausted)
            throw RecurrenceRuleParser.Error($"it is too sparse to evaluate: no occurrence after now within {RecurrenceExpander.CallBudget:N0} steps; expected a rule whose occurrences are closer together (a coarser FREQ or fewer BYxxx restrictions)", context.Spec);
        var anchor = rule.TryInstant(rule.Start) ?? RuleClock.ToInstant(rule.Start, rule.Zone);
        // A rule that ends before its first occurrence never runs, so runIfPast must not accept it either, and "after
        // now" would misname the fault (COUNT always has a first one: never-matching rules are refused when compiled).
        if (outcome == RuleOutcome.Ended && rule.UntilInstant is { } until && expander.Find(anchor.UtcTicks > 0 ? anchor.AddTicks(-1) : anchor).Outcome == RuleOutcome.Ended)
            throw RecurrenceRuleParser.Error(until < anchor
                ? $"UNTIL={rule.UntilText} is before DTSTART ({anchor.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}), so it has no occurrence at all; expected an UNTIL after the start"
                : $"it has no occurrence at all: its first match after DTSTART comes after UNTIL={rule.UntilText}; expected a later UNTIL", context.Spec);
        if (outcome == RuleOutcome.Ended && !context.Options.AllowPast)
            throw RecurrenceRuleParser.Error("it has no occurrence after now (COUNT or UNTIL ended it); expected a rule with future occurrences (or the option runIfPast, which accepts it: CLI --run-if-past, REST \"options\": {\"runIfPast\": true})", context.Spec);
        return new ParsedSchedule
        {
            Kind = ScheduleKind.Rule, Canonical = canonical, TimeZone = exact && rule.IsUtc ? context.Options.TimeZone : rule.ZoneId,
            Anchor = anchor,
            Description = description ?? RecurrenceDescription.Describe(rule),
        };
    }

    /// <summary>The compiled rule of a stored canonical text (parsed again only the first time).</summary>
    internal static RecurrenceExpander Expander(string canonical, string timeZone)
    {
        if (Compiled.TryGetValue(canonical, out var known)) return known;
        var zone = ScheduleTimeZones.Find(timeZone);
        if (canonical.Length > MaxLength || !LooksLikeRule(canonical) || !canonical.StartsWith("DTSTART", StringComparison.OrdinalIgnoreCase))
            throw new ScheduleSpecException($"stored rule \"{RecurrenceRuleParser.Short(canonical)}\" is not a canonical DTSTART…RRULE text", canonical);
        var rule = RecurrenceRuleParser.Parse(canonical, canonical, zone, timeZone, DateTimeOffset.UnixEpoch);
        return Remember(canonical, RecurrenceExpander.Compile(rule, canonical));
    }

    /// <summary>Compiled rules kept at most; past it the cache starts over.</summary>
    internal const int CacheSize = 10_000;

    /// <summary>Number of compiled rules cached now (for tests).</summary>
    internal static int CachedCount => Compiled.Count;

    /// <summary>True when <paramref name="canonical"/>'s compiled rule is cached (for tests).</summary>
    internal static bool IsCached(string canonical) => Compiled.ContainsKey(canonical);

    // Compiling runs the never-matches search and COUNT counting (millions of steps at worst), so the cache must keep
    // working past its bound: when full it is cleared, like a generation swap, and the rules in use are compiled
    // again once each. Cheaper than LRU bookkeeping on every fire, and bounded in memory.
    private static RecurrenceExpander Remember(string canonical, RecurrenceExpander expander)
    {
        if (Compiled.Count >= CacheSize) Compiled.Clear();
        Compiled[canonical] = expander;
        return expander;
    }
}
