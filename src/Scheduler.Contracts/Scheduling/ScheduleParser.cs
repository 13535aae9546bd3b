using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Turns a schedule spec into a <see cref="ParsedSchedule"/>. Accepted, case-insensitive, surrounding and repeated
/// whitespace ignored:
/// <list type="bullet">
/// <item>one-shot natural language: "in 30 minutes", "in 1h30m", "tomorrow at 2pm", "next monday at 9:00",
/// "at 14:30", "noon", "on 2026-12-24 at 18:00", "on dec 24 at 6pm";</item>
/// <item>recurring natural language: "every 90 minutes", "every 1h30m" (exact intervals), "every day at 9am",
/// "every weekday at 9am", "every mon,wed,fri at 7pm", "every month on the 1st at noon", "every 15th at 9:00",
/// "minutely", "hourly", "daily", "weekly", "monthly", "quarterly", "semi-annually", "yearly" (wall-clock cron in the zone); the same opening with
/// the time or the days ("at 9am on weekdays", "on the 1st of every month at 9am"); a minute of every hour ("every hour
/// on the hour", "every hour at :30"); a part of the day or a count that confirms the times ("every weekday morning at 7",
/// "twice a day at 9am and 5pm"); and the broad
/// forms: nth weekdays ("first monday of every month", "every 2nd and 4th wednesday", "every 4th thursday of
/// november"), last day/weekday of the month, "every other"/"every N days|weeks|months" with a day or time, several
/// times ("at 9am, 1pm and 5pm"), windows ("every 30 minutes from 9am to 5pm on weekdays"), exclusions ("except
/// friday"), quarters, a phase ("every 15 minutes starting at 9:07") and bounds ("until dec 31", "10 times"). Each
/// compiles to one canonical form: cron where cron says it exactly, else an RFC 5545 rule;</item>
/// <item>prefixed forms "cron:…", "at:…" (ISO-8601), "in:…", "every:…";</item>
/// <item>triggers, which run on an event instead of a clock: "after:&lt;taskId&gt;[:succeeded|failed|finished]" and
/// "on:&lt;event-name&gt;" (see <see cref="Triggers.TriggerSpec"/>);</item>
/// <item>bare cron (5 fields, 6 with leading seconds, or a macro such as @daily) and bare ISO-8601 date-times;</item>
/// <item>RFC 5545 recurrence rules: "RRULE:FREQ=MONTHLY;BYDAY=-1FR", "DTSTART;TZID=Europe/Berlin:20261201T090000 RRULE:…"
/// (see <see cref="ScheduleKind.Rule"/>);</item>
/// <item>ISO-8601 repeating intervals and durations: "R5/2026-12-01T09:00:00Z/PT1H", "R/P1W", "PT15M", "P1D".</item>
/// </list>
/// See <see cref="ParseOneShot"/> and <see cref="ParseEvery"/> for the exact rules.
/// </summary>
public static partial class ScheduleParser
{
    private const int MaxLength = 256;

    /// <summary>
    /// The match timeout of every pattern that reads a spec. It bounds a pathological input; it is not a speed limit:
    /// the clock runs on while a loaded machine has the thread descheduled, and at 200 ms a valid spec was refused
    /// with a timeout under load. No accepted spec takes a millisecond to match.
    /// </summary>
    internal const int PatternTimeoutMs = 1000;

    /// <summary>
    /// One spec of each accepted family — one-shot English, recurring English (a step, a clock grid, a calendar day),
    /// cron, an RFC 5545 rule and an ISO-8601 repeating interval — shown in errors and as the dashboard's hint. None
    /// names a year, so each stays valid whenever it is parsed (a unit test parses them all).
    /// </summary>
    internal static readonly string[] ExampleSpecs =
    [
        "in 30 minutes", "tomorrow at 9am", "every weekday at 9am", "every 15 minutes", "every quarter hour",
        "first monday of every month at 10am", "cron:0 9 * * 1-5", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9", "R/PT1H",
    ];

    internal static readonly string Examples =
        string.Join(", ", ExampleSpecs[..^1].Select(e => $"\"{e}\"")) + $" or \"{ExampleSpecs[^1]}\"";

    /// <summary>Parses <paramref name="spec"/> in the context of <paramref name="options"/>.</summary>
    /// <param name="spec">The schedule text, e.g. "every weekday at 9am".</param>
    /// <param name="options">Zone, reference time and past handling; defaults to UTC and the current time.</param>
    /// <returns>The normalized schedule.</returns>
    /// <exception cref="ScheduleSpecException">The spec is not understood; the message says which part and what is accepted.
    /// No other exception type escapes.</exception>
    public static ParsedSchedule Parse(string? spec, ScheduleParseOptions? options = null)
    {
        try
        {
            return ParseCore(spec, options ?? new ScheduleParseOptions());
        }
        catch (ScheduleSpecException e) when (spec is not null && InWrittenCase(e.Message, spec) is { } written && written != e.Message)
        {
            throw new ScheduleSpecException(written, e.Spec, e.InnerException);
        }
        catch (ScheduleSpecException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Safety net: date arithmetic at the edges of the calendar, regex timeouts and Cronos throw their own
            // types; callers are promised ScheduleSpecException only.
            if (e is ArgumentOutOfRangeException or OverflowException)
                throw new ScheduleSpecException($"\"{Shorten(spec)}\" falls outside the supported dates; expected times between years 0001 and 9999", spec, e);
            throw new ScheduleSpecException($"could not interpret \"{Shorten(spec)}\" ({e.Message.TrimEnd('.')}); expected e.g. {Examples}", spec, e);
        }
    }

    private static ParsedSchedule ParseCore(string? spec, ScheduleParseOptions options)
    {
        var text = Normalize(spec);
        var zone = ScheduleTimeZones.Find(options.TimeZone);
        // The schedule keeps the zone's own id ("Europe/Berlin" for "europe/berlin"): a process that has not loaded
        // the zone finds zone files by exact name only.
        if (zone.Id != options.TimeZone) options = options with { TimeZone = zone.Id };
        var now = options.ResolveNow().ToUniversalTime();
        var lower = text.ToLowerInvariant();
        var context = new SpecContext(text, options, zone, now);

        if (Triggers.TriggerSpec.IsTrigger(text)) return Triggers.TriggerSpec.Parse(text, options.TimeZone);
        if (Rules.RecurrenceRuleSpec.LooksLikeRule(text)) return Rules.RecurrenceRuleSpec.Parse(text, context);
        if (IsoRepetition.TryParse(text, context) is { } repeating) return repeating;
        if (PrefixPattern().Match(lower) is { Success: true } prefixed)
        {
            var body = text[(prefixed.Groups["p"].Length + 1)..].Trim();
            var lowerBody = body.ToLowerInvariant();
            if (body.Length == 0) throw new ScheduleSpecException($"nothing follows \"{prefixed.Groups["p"].Value}:\" in \"{text}\"; expected e.g. {Examples}", text);
            return prefixed.Groups["p"].Value switch
            {
                "cron" => Cron(body, options),
                "at" => IsoDateTime.TryParse(lowerBody, zone, text, out var at) ? Once(at, options, zone, now, text) : ParseOneShot(new SpecCursor(lowerBody, text), context),
                "in" => ParseNatural("in " + lowerBody, context),
                "every" => ParseNatural("every " + lowerBody, context),
                var other => throw new ScheduleSpecException($"unknown prefix \"{other}:\" in \"{text}\"; expected cron:, at:, in:, every:, after: or on:", text),
            };
        }
        if (CronText.LooksLikeCron(lower)) return Cron(text, options);
        if (IsoDateTime.TryParse(lower, zone, text, out var instant)) return Once(instant, options, zone, now, text);
        return ParseNatural(lower, context);
    }

    private static ParsedSchedule ParseNatural(string lower, SpecContext context)
    {
        // "every day at 9am." as a sentence ends: the full stop is no part of the time ("9 a.m." keeps its own).
        lower = TrimSentenceEnd(lower);
        // "1 time", "one run": a count of one, in the plural every count is read in.
        lower = CountOfOne().Replace(lower, "1 ${unit}s");
        // Before the workday words are rewritten, so "end of the business day" is still said as written.
        RefuseEndOfDay(lower, context);
        RefuseMonthOrMinute(context);
        lower = MoveLeadingClauses(lower, context.Spec);
        var cursor = new SpecCursor(lower, context.Spec);
        if (ParseCounted(cursor, context) is { } counted) return counted;
        RefuseAmbiguous(cursor);
        var first = cursor.Peek();
        return first switch
        {
            "every" or "each" => ParseEvery(cursor, context),
            "minutely" or "hourly" or "daily" or "nightly" or "weekly" or "monthly" or "quarterly" or "semiannually" or "yearly" or "annually" => ParseKeyword(cursor, context),
            _ when StartsWithDays(cursor) => ParseDaysFirst(cursor, context),
            _ => ParseOneShot(cursor, context),
        };
    }

    /// <summary>Trims, collapses whitespace runs and rejects empty, over-long and control/unprintable input.</summary>
    private static string Normalize(string? spec)
    {
        var text = (spec ?? "").Trim();
        if (text.Length == 0)
            throw new ScheduleSpecException($"the schedule spec is empty; expected e.g. {Examples}", spec);
        // RFC 5545 rules carry DTSTART, RRULE and EXDATE lists, so they get a longer cap than prose.
        var rule = Rules.RecurrenceRuleSpec.LooksLikeRule(text);
        var max = rule ? Rules.RecurrenceRuleSpec.MaxLength : MaxLength;
        if (text.Length > max)
            throw new ScheduleSpecException(rule
                ? $"the recurrence rule is {text.Length} characters long; at most {max} are accepted"
                : $"the schedule spec is {text.Length} characters long; at most {max} are accepted", Shorten(spec));
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (result.Length > 0 && result[^1] != ' ') result.Append(' ');
                continue;
            }
            // A character beyond U+FFFF (an emoji) is two UTF-16 units, judged and kept as the one character it is.
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var category = pair ? CharUnicodeInfo.GetUnicodeCategory(text, i) : char.GetUnicodeCategory(c);
            // U+FFFD is what decoders leave behind for binary garbage, so it is treated as unprintable too.
            if (c == '\uFFFD' || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                throw new ScheduleSpecException(
                    $"the schedule spec contains the unprintable character U+{(pair ? char.ConvertToUtf32(c, text[i + 1]) : c):X4}; expected plain text such as {Examples}", spec);
            if (pair)
            {
                result.Append(c).Append(text[++i]);
                continue;
            }
            // What a phone keyboard or a word processor writes for "9" and "-": full-width and other scripts' digits,
            // en and em dashes and the minus sign ("mon–fri", "９am") read as the ASCII they stand for.
            result.Append(char.IsDigit(c) && !char.IsAsciiDigit(c) ? (char)('0' + (int)char.GetNumericValue(c)) : c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' ? '-' : c);
        }
        return result.ToString();
    }

    // A full stop, "!" or ";" after the last word, unless it ends "a.m." or "p.m."; punctuation alone is left to be refused.
    private static string TrimSentenceEnd(string lower)
    {
        var end = lower.Length;
        while (end > 0 && lower[end - 1] is '.' or '!' or ';') end--;
        if (end == lower.Length || end == 0 || !char.IsAsciiLetterOrDigit(lower[end - 1])) return lower;
        var kept = lower[..end];
        return kept.EndsWith("a.m", StringComparison.Ordinal) || kept.EndsWith("p.m", StringComparison.Ordinal) ? lower : kept;
    }

    // The parser reads a lower-cased copy, so an error quoting a part of the spec would quote "pt0s" for the "PT0S"
    // written: each quoted part found in the spec (ignoring case) is quoted as written.
    private static string? InWrittenCase(string message, string spec)
    {
        if (spec.Length > Math.Max(MaxLength, Rules.RecurrenceRuleSpec.MaxLength)) return null;
        return QuotedPart().Replace(message, m =>
        {
            var part = m.Groups[1].Value;
            var at = spec.IndexOf(part, StringComparison.OrdinalIgnoreCase);
            return at < 0 ? m.Value : $"\"{spec.Substring(at, part.Length)}\"";
        });
    }

    [GeneratedRegex("\"([^\"]+)\"", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex QuotedPart();

    private static string Shorten(string? spec) => spec is null ? "" : spec.Length <= 40 ? spec : spec[..40] + "…";

    [GeneratedRegex(@"(?<=^|\s)(?:1|one) (?<unit>time|run|occurrence)(?=$|[\s,.;])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex CountOfOne();

    [GeneratedRegex(@"^(?<p>[a-z]+):", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex PrefixPattern();
}
