using System.Collections.Concurrent;

namespace Scheduler.Contracts.Scheduling;

/// <summary>Resolves IANA time-zone ids once and reports unknown ones with the parser's error type.</summary>
internal static class ScheduleTimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static TimeZoneInfo Find(string id)
    {
        if (Cache.TryGetValue(id, out var zone)) return zone;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
            throw new ScheduleSpecException("time zone is empty or too long; expected an IANA id such as \"UTC\" or \"Europe/Berlin\"", id);
        try
        {
            zone = id.Equals("UTC", StringComparison.OrdinalIgnoreCase) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ScheduleSpecException($"unknown time zone \"{id}\"; expected an IANA id such as \"UTC\" or \"Europe/Berlin\"", id, e);
        }
        if (Cache.Count < 1_000) Cache[id] = zone;
        return zone;
    }
}
