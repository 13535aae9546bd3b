using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Builds schedules from structured API fields (delay, interval, interval type and value, next execution) onto the
/// same <see cref="ParsedSchedule"/> model the text parser produces. Only <see cref="ScheduleSpecException"/> escapes.
/// </summary>
public static class StructuredSchedule
{
    /// <summary>Runs once, <paramref name="seconds"/> after now.</summary>
    /// <param name="seconds">The delay; finite, 0 to 100 years.</param>
    /// <param name="options">Zone and reference time.</param>
    /// <exception cref="ScheduleSpecException">The delay is negative, not finite or too long.</exception>
    public static ParsedSchedule FromDelay(double seconds, ScheduleParseOptions? options = null)
    {
        var spec = $"delay {seconds.ToString(CultureInfo.InvariantCulture)}s";
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > SpecDuration.Max.TotalSeconds)
            throw new ScheduleSpecException($"invalid delay {seconds.ToString(CultureInfo.InvariantCulture)} seconds; expected 0 to {SpecDuration.Max.TotalSeconds} seconds", spec);
        return Build(options, spec, (o, zone, now) =>
            ScheduleParser.Once(now + TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)), o with { AllowPast = true }, zone, now, spec));
    }

    /// <summary>Runs every <paramref name="interval"/> (exact, drift-free), first one interval after now.</summary>
    /// <param name="interval">The period; whole milliseconds, 1 second to 100 years.</param>
    /// <param name="options">Zone and reference time.</param>
    /// <exception cref="ScheduleSpecException">The interval is out of range.</exception>
    public static ParsedSchedule FromInterval(TimeSpan interval, ScheduleParseOptions? options = null)
    {
        var spec = $"interval {interval}";
        return Build(options, spec, (o, _, now) => ScheduleParser.Interval(interval, o, now, spec));
    }

    /// <summary>
    /// Maps the seed API's interval type and value. "seconds", "minutes", "hours", "days", "weeks" with a positive
    /// number (decimals allowed) → an exact interval. "months" with N (1, 2, 3, 4, 6 or 12) → cron on the current
    /// day-of-month and time of day in the zone, in every N-th month counted from the current one (months lacking
    /// that day, e.g. the 31st, are skipped, as cron does). "cron" → the value is a cron expression.
    /// </summary>
    /// <param name="intervalType">seconds | minutes | hours | days | weeks | months | cron (case-insensitive).</param>
    /// <param name="intervalValue">The count, or the cron expression.</param>
    /// <param name="options">Zone and reference time.</param>
    /// <exception cref="ScheduleSpecException">Unknown type, or a value that does not fit it.</exception>
    public static ParsedSchedule FromIntervalType(string intervalType, string intervalValue, ScheduleParseOptions? options = null)
    {
        var type = (intervalType ?? "").Trim().ToLowerInvariant();
        var value = (intervalValue ?? "").Trim();
        var spec = $"{type} {value}";
        return Build(options, spec, (o, zone, now) =>
        {
            if (type == "cron") return ScheduleParser.Cron(value, o);
            if (type is not ("seconds" or "minutes" or "hours" or "days" or "weeks" or "months"))
                throw new ScheduleSpecException($"unknown interval type \"{intervalType}\"; expected seconds, minutes, hours, days, weeks, months or cron", spec);
            if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 1_000_000)
                throw new ScheduleSpecException($"invalid {type} value \"{value}\"; expected a positive number up to 1000000", spec);
            if (type == "months") return Months(n, o, zone, now, spec);
            var seconds = n * type switch { "seconds" => 1, "minutes" => 60, "hours" => 3600, "days" => 86400, _ => 604800 };
            if (seconds > SpecDuration.Max.TotalSeconds)
                throw new ScheduleSpecException($"interval \"{value} {type}\" is longer than 100 years; expected a shorter interval", spec);
            return ScheduleParser.Interval(TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)), o, now, spec);
        });
    }

    /// <summary>Runs once at <paramref name="at"/>; rejected when in the past unless AllowPast.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="options">Zone, reference time and past handling.</param>
    /// <exception cref="ScheduleSpecException">The instant is in the past.</exception>
    public static ParsedSchedule FromNextExecution(DateTimeOffset at, ScheduleParseOptions? options = null)
    {
        var spec = $"next execution {at.ToString("O", CultureInfo.InvariantCulture)}";
        return Build(options, spec, (o, zone, now) => ScheduleParser.Once(at, o, zone, now, spec));
    }

    private static ParsedSchedule Months(double n, ScheduleParseOptions options, TimeZoneInfo zone, DateTimeOffset now, string spec)
    {
        if (n != Math.Floor(n) || 12 % (int)n != 0)
            throw new ScheduleSpecException($"invalid months value \"{n.ToString(CultureInfo.InvariantCulture)}\"; expected 1, 2, 3, 4, 6 or 12", spec);
        var local = ZonedClock.ToLocal(now, zone);
        var step = (int)n;
        var months = string.Join(',', Enumerable.Range(0, 12 / step).Select(k => (local.Month - 1 + k * step) % 12 + 1).Order());
        var cron = $"{local.Second} {local.Minute} {local.Hour} {local.Day} {(step == 1 ? "*" : months)} *";
        return ScheduleParser.Cron(local.Second == 0 ? cron[2..] : cron, options);
    }

    private static ParsedSchedule Build(ScheduleParseOptions? options, string spec, Func<ScheduleParseOptions, TimeZoneInfo, DateTimeOffset, ParsedSchedule> build)
    {
        options ??= new ScheduleParseOptions();
        try
        {
            return build(options, ScheduleTimeZones.Find(options.TimeZone), options.ResolveNow().ToUniversalTime());
        }
        catch (Exception e) when (e is not (ScheduleSpecException or OutOfMemoryException))
        {
            throw new ScheduleSpecException($"could not build a schedule from {spec} ({e.Message.TrimEnd('.')})", spec, e);
        }
    }
}
