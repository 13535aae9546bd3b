using System.Collections.Concurrent;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Resolves IANA time-zone ids once, in any case, and reports unknown ones with the parser's error type. What is
/// stored is the zone's own id (<see cref="TimeZoneInfo.Id"/>), never the id as written.
/// </summary>
internal static class ScheduleTimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><see cref="Find"/>, or null for an id that names no zone (its refusal is left to the check that reports it).</summary>
    public static TimeZoneInfo? TryFind(string id)
    {
        try { return Find(id); }
        catch (ScheduleSpecException) { return null; }
    }

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
                ?? (ZoneFileNamed(id) is { } exact ? TimeZoneInfo.FindSystemTimeZoneById(exact) : null)
                ?? throw new ScheduleSpecException($"unknown time zone \"{id}\"; expected an IANA id such as \"UTC\" or \"Europe/Berlin\"", id, e);
        }
        // Zones .NET answers local times of wrongly (Europe/Dublin) are rebuilt: see ZoneRepair.
        zone = ZoneRepair.Repaired(zone);
        if (Cache.Count < 1_000) Cache[id] = zone;
        return zone;
    }

    // The system's list holds canonical zones only; an alias ("US/Eastern", "Etc/UTC", "GMT") is a file of the zone
    // database, found by exact name. Each part of the id is matched to a file or folder there in any case.
    private static string? ZoneFileNamed(string id)
    {
        var root = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } dir ? dir : "/usr/share/zoneinfo";
        if (!Directory.Exists(root) || id.Contains("..", StringComparison.Ordinal)) return null;
        var path = root;
        foreach (var part in id.Split('/'))
        {
            var match = Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName)
                .FirstOrDefault(name => string.Equals(name, part, StringComparison.OrdinalIgnoreCase));
            if (match is null) return null;
            path = Path.Combine(path, match);
        }
        return File.Exists(path) ? Path.GetRelativePath(root, path) : null;
    }
}
