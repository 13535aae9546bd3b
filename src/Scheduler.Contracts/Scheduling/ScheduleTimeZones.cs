using System.Collections.Concurrent;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Resolves IANA time-zone ids once, in any case, and reports unknown ones with the parser's error type. What is
/// stored is the zone's own id (<see cref="TimeZoneInfo.Id"/>), never the id as written.
/// </summary>
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
            // Zone files are found by exact name, but .NET caches zones case-insensitively: "europe/berlin" resolved
            // only in a process that had already loaded "Europe/Berlin". Matching the id in any case here makes the
            // answer the same in every process; callers store zone.Id, which any process finds.
            zone = TimeZoneInfo.GetSystemTimeZones().FirstOrDefault(z => z.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
                ?? throw new ScheduleSpecException($"unknown time zone \"{id}\"; expected an IANA id such as \"UTC\" or \"Europe/Berlin\"", id, e);
        }
        if (Cache.Count < 1_000) Cache[id] = zone;
        return zone;
    }
}
