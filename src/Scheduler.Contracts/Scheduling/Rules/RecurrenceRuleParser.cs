using System.Globalization;

namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>
/// Reads RFC 5545 text — <c>[DTSTART[;TZID=zone]:value] RRULE:parts [EXDATE[;TZID=zone]:values]</c>, properties
/// separated by spaces or newlines — into a <see cref="RecurrenceRule"/>. Hand-written so that every mistake is a
/// <see cref="ScheduleSpecException"/> that names the bad part and what is accepted.
/// </summary>
internal static partial class RecurrenceRuleParser
{
    public const int MaxCount = 100_000;
    public const int MaxInterval = 1_000_000;

    /// <summary>Parses <paramref name="text"/>; <paramref name="defaultStart"/> is DTSTART's instant when the text has none.</summary>
    public static RecurrenceRule Parse(string text, string spec, TimeZoneInfo zone, string zoneId, DateTimeOffset defaultStart)
    {
        string? dtstart = null, rrule = null;
        var exdates = new List<string>();
        var gapAfter = false;
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Split(';', ':')[0].ToUpperInvariant();
            switch (name)
            {
                case "DTSTART": dtstart = Once(dtstart, token, "DTSTART", spec); break;
                case "RRULE": rrule = Once(rrule, token, "RRULE", spec); break;
                case "EXDATE": exdates.Add(token); break;
                case "X-DST-GAP":
                    gapAfter = Value(token, "X-DST-GAP", spec).Equals("AFTER", StringComparison.OrdinalIgnoreCase)
                        ? true : throw Error($"\"{Short(token)}\": X-DST-GAP takes AFTER (a local time a spring-forward skips runs at the first instant after the gap)", spec);
                    break;
                case "RDATE":
                    throw Error($"\"{Short(token)}\": RDATE (extra instants beside the rule) is not supported; schedule each extra instant as its own "
                        + "one-shot (e.g. \"on 2027-01-05 at 10:00\"), or widen the RRULE's BYxxx parts to include it", spec);
                case "EXRULE":
                    throw Error($"\"{Short(token)}\": EXRULE was removed from iCalendar by RFC 5545 and is not supported; list the instants to skip as "
                        + "EXDATE (e.g. EXDATE:20261225T090000), or narrow the RRULE's BYxxx parts", spec);
                default:
                    if (token.StartsWith("FREQ=", StringComparison.OrdinalIgnoreCase) && rrule is null) { rrule = "RRULE:" + token; break; }
                    throw Error($"unexpected \"{Short(token)}\"; a recurrence is written DTSTART[;TZID=zone]:20261201T090000 RRULE:FREQ=…[;…] [EXDATE:…], separated by spaces or newlines", spec);
            }
        }
        if (rrule is null) throw Error("the RRULE is missing; expected e.g. RRULE:FREQ=WEEKLY;BYDAY=MO", spec);

        var (start, ruleZone, ruleZoneId, utc) = dtstart is null
            ? (CeilingSecond(ZonedClock.ToLocal(defaultStart, zone)), zone, zoneId, zoneId == "UTC")
            : ReadStart(dtstart, spec, zone, zoneId);
        var parts = ReadParts(Value(rrule, "RRULE", spec), spec);
        var rule = Build(parts, spec, start, ruleZone, ruleZoneId, utc, implicitStart: dtstart is null);
        if (exdates.Count == 0 && !gapAfter) return rule;
        var (instants, days) = ReadExDates(exdates, spec, ruleZone, gapAfter);
        return Copy(rule, instants, days, gapAfter);
    }

    private static string Once(string? previous, string token, string name, string spec) =>
        previous is null ? token : throw Error($"{name} appears twice; expected one {name}", spec);

    private static (DateTime, TimeZoneInfo, string, bool) ReadStart(string token, string spec, TimeZoneInfo zone, string zoneId)
    {
        var (parameters, value) = Split(token, "DTSTART", spec);
        var tzid = Param(parameters, "TZID", "DTSTART", spec);
        var (local, isUtc, dateOnly) = ReadDateTime(value, "DTSTART", spec);
        _ = dateOnly;
        if (isUtc)
        {
            if (tzid is not null) throw Error("DTSTART has both TZID and a UTC time (Z); expected one of them", spec);
            return (local, TimeZoneInfo.Utc, "UTC", true);
        }
        if (tzid is null) return (local, zone, zoneId, zoneId == "UTC");
        var ruleZone = ScheduleTimeZones.Find(tzid);
        // The canonical text keeps the zone's own id, which a fresh process resolves; "europe/berlin" may not be.
        return (local, ruleZone, ruleZone.Id, ruleZone.Id == "UTC");
    }

    private static (DateTimeOffset[], DateOnly[]) ReadExDates(List<string> tokens, string spec, TimeZoneInfo zone, bool gapAfter)
    {
        var instants = new SortedSet<DateTimeOffset>();
        var days = new SortedSet<DateOnly>();
        foreach (var token in tokens)
        {
            var (parameters, value) = Split(token, "EXDATE", spec);
            var tzid = Param(parameters, "TZID", "EXDATE", spec);
            var exZone = tzid is null ? zone : ScheduleTimeZones.Find(tzid);
            foreach (var item in value.Split(','))
            {
                var (local, isUtc, dateOnly) = ReadDateTime(item, "EXDATE", spec);
                if (dateOnly) days.Add(DateOnly.FromDateTime(local));
                else instants.Add(isUtc ? new DateTimeOffset(local, TimeSpan.Zero) : gapAfter ? ZonedClock.ToInstant(local, exZone) : RuleClock.ToInstant(local, exZone));
                if (instants.Count + days.Count > 1000) throw Error("more than 1000 EXDATE values; expected at most 1000", spec);
            }
        }
        return (instants.ToArray(), days.ToArray());
    }

    /// <summary>"NAME;P=V;…:value" → parameters and value.</summary>
    private static (string[] Parameters, string Value) Split(string token, string name, string spec)
    {
        var colon = token.IndexOf(':');
        if (colon < 0) throw Error($"{name} has no value; expected {name}:value, e.g. {name}:20261201T090000Z", spec);
        var head = token[..colon].Split(';');
        var value = token[(colon + 1)..];
        if (value.Length == 0) throw Error($"{name} has an empty value", spec);
        return (head[1..], value);
    }

    private static string Value(string token, string name, string spec)
    {
        var (parameters, value) = Split(token, name, spec);
        if (parameters.Length > 0) throw Error($"unexpected parameter \"{parameters[0]}\" on {name}; {name} takes none", spec);
        return value;
    }

    private static string? Param(string[] parameters, string wanted, string name, string spec)
    {
        string? result = null;
        foreach (var p in parameters)
        {
            var eq = p.IndexOf('=');
            var key = eq < 0 ? p : p[..eq];
            var val = eq < 0 ? "" : p[(eq + 1)..].Trim('"');
            if (key.Equals(wanted, StringComparison.OrdinalIgnoreCase) && val.Length > 0) result = val;
            else if (key.Equals("VALUE", StringComparison.OrdinalIgnoreCase) && val.ToUpperInvariant() is "DATE" or "DATE-TIME") { }
            else throw Error($"unknown parameter \"{Short(p)}\" on {name}; accepted: TZID=<IANA zone>, VALUE=DATE", spec);
        }
        return result;
    }

    /// <summary>yyyyMMdd or yyyyMMddTHHmmss with an optional Z; a date alone is 00:00.</summary>
    internal static (DateTime Local, bool Utc, bool DateOnly) ReadDateTime(string value, string name, string spec)
    {
        var upper = value.ToUpperInvariant();
        var utc = upper.EndsWith('Z');
        var body = utc ? upper[..^1] : upper;
        var format = body.Length == 8 ? "yyyyMMdd" : "yyyyMMdd'T'HHmmss";
        if ((body.Length != 8 && body.Length != 15) || (body.Length == 8 && utc)
            || !body.All(c => char.IsAsciiDigit(c) || c == 'T')
            || !DateTime.TryParseExact(body, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            throw Error($"invalid {name} value \"{Short(value)}\"; expected a date-time such as 20261201T090000 (local), 20261201T090000Z (UTC) or a date such as 20261201", spec);
        return (DateTime.SpecifyKind(local, DateTimeKind.Unspecified), utc, body.Length == 8);
    }

    // Rounded up, so that an implicit start of "now" is still an occurrence to come rather than one just missed.
    private static DateTime CeilingSecond(DateTime local) =>
        local.Ticks % TimeSpan.TicksPerSecond == 0 ? local : local.AddTicks(TimeSpan.TicksPerSecond - local.Ticks % TimeSpan.TicksPerSecond);

    internal static ScheduleSpecException Error(string message, string spec) => new($"invalid recurrence rule: {message}", spec);

    internal static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static RecurrenceRule Copy(RecurrenceRule r, DateTimeOffset[] ex, DateOnly[] days, bool gapAfter) => new()
    {
        Freq = r.Freq, Interval = r.Interval, Count = r.Count, UntilText = r.UntilText, UntilInstant = r.UntilInstant,
        BySecond = r.BySecond, ByMinute = r.ByMinute, ByHour = r.ByHour, ByDay = r.ByDay, ByMonthDay = r.ByMonthDay,
        ByYearDay = r.ByYearDay, ByWeekNo = r.ByWeekNo, ByMonth = r.ByMonth, BySetPos = r.BySetPos, WeekStart = r.WeekStart,
        Start = r.Start, Zone = r.Zone, ZoneId = r.ZoneId, IsUtc = r.IsUtc, ExDates = ex, ExDays = days, GapAfter = gapAfter,
    };
}
