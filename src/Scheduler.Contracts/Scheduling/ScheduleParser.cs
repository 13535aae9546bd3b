using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>Turns a schedule spec (natural language, cron or ISO-8601) into a <see cref="ParsedSchedule"/>.</summary>
public static partial class ScheduleParser
{
    /// <summary>Parses <paramref name="spec"/> in the context of <paramref name="options"/>.</summary>
    /// <exception cref="ScheduleSpecException">The spec is not understood; the message says which part and what is accepted.</exception>
    public static ParsedSchedule Parse(string? spec, ScheduleParseOptions? options = null)
    {
        options ??= new ScheduleParseOptions();
        var zone = ScheduleTimeZones.Find(options.TimeZone);
        var text = (spec ?? "").Trim();
        if (text.Length == 0) throw new ScheduleSpecException("the schedule spec is empty; expected e.g. \"in 5 minutes\", \"every 10s\" or \"cron:*/5 * * * *\"", spec);
        if (text.Length > 256) throw new ScheduleSpecException($"the schedule spec is {text.Length} characters long; at most 256 are accepted", spec);
        var now = options.ResolveNow();
        var lower = text.ToLowerInvariant();

        if (Relative().Match(lower) is { Success: true } rel)
            return Once(now + Duration(rel.Groups["n"].Value, rel.Groups["u"].Value, text), options, text);
        if (Every().Match(lower) is { Success: true } every)
        {
            var period = Duration(every.Groups["n"].Value, every.Groups["u"].Value, text);
            return new ParsedSchedule
            {
                Kind = ScheduleKind.Interval, Canonical = IsoDuration.Format(period), TimeZone = options.TimeZone,
                Interval = period, Anchor = now + period, Description = $"every {IsoDuration.Format(period)}",
            };
        }
        if (lower.StartsWith("at:", StringComparison.Ordinal))
        {
            var body = text[3..].Trim();
            if (!DateTimeOffset.TryParse(body, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                throw new ScheduleSpecException($"invalid date-time \"{body}\" in \"{text}\"; expected ISO-8601 such as 2025-07-27T14:30:00Z", spec);
            return Once(at, options, text);
        }
        var cron = lower.StartsWith("cron:", StringComparison.Ordinal) ? text[5..].Trim() : text;
        if (cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is 5 or 6 || cron.StartsWith('@'))
        {
            _ = NextOccurrence.Cron(cron);
            return new ParsedSchedule
            {
                Kind = ScheduleKind.Cron, Canonical = cron, TimeZone = options.TimeZone,
                Description = $"cron {cron} ({zone.Id})",
            };
        }
        throw new ScheduleSpecException($"unrecognised schedule \"{text}\"; expected e.g. \"in 5 minutes\", \"every 10s\" or \"cron:*/5 * * * *\"", spec);
    }

    private static ParsedSchedule Once(DateTimeOffset at, ScheduleParseOptions options, string text)
    {
        if (at < options.ResolveNow() && !options.AllowPast)
            throw new ScheduleSpecException($"\"{text}\" resolves to {at:O}, which is in the past", text);
        var utc = at.ToUniversalTime();
        return new ParsedSchedule
        {
            Kind = ScheduleKind.Once, Canonical = utc.ToString("O", CultureInfo.InvariantCulture), TimeZone = options.TimeZone,
            Anchor = utc, Description = $"once at {utc:yyyy-MM-dd HH:mm:ss} UTC",
        };
    }

    private static TimeSpan Duration(string number, string unit, string text)
    {
        if (!long.TryParse(number, out var n) || n <= 0 || n > 1_000_000)
            throw new ScheduleSpecException($"the number \"{number}\" in \"{text}\" is out of range; expected 1..1000000", text);
        return unit switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.FromSeconds(n),
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(n),
            "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.FromHours(n),
            "d" or "day" or "days" => TimeSpan.FromDays(n),
            _ => throw new ScheduleSpecException($"unknown unit \"{unit}\" in \"{text}\"; expected seconds, minutes, hours or days", text),
        };
    }

    [GeneratedRegex(@"^in[:\s]\s*(?<n>\d+)\s*(?<u>[a-z]+)$")]
    private static partial Regex Relative();

    [GeneratedRegex(@"^every\s+(?<n>\d+)\s*(?<u>[a-z]+)$")]
    private static partial Regex Every();
}
