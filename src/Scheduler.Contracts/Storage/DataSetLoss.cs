using System.Globalization;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// Redis lost Scheduler's data while its processes ran: it restarted without persistence, was flushed, or failed over to
/// a node without the data. Every schedule, run and Hangfire job it held before is gone. Reported by health checks for
/// an hour after a Beat, worker or dashboard found it.
/// </summary>
/// <param name="DetectedAt">When a process found the data gone.</param>
/// <param name="DetectedBy">The process that found it ("role:host:pid:nonce").</param>
/// <param name="LostDataCreatedAt">When the lost data was begun (its first server process's start), if known.</param>
public sealed record DataSetLoss(DateTimeOffset DetectedAt, string DetectedBy, DateTimeOffset? LostDataCreatedAt)
{
    /// <summary>How long a loss is reported after it was found.</summary>
    public static readonly TimeSpan ReportedFor = TimeSpan.FromHours(1);

    /// <summary>The loss in plain words, for logs and health checks.</summary>
    public string Describe() =>
        $"Redis lost Scheduler's data (found {DetectedAt:yyyy-MM-dd HH:mm:ss} UTC by {DetectedBy}): every schedule, run and job it held "
        + (LostDataCreatedAt is { } created ? $"since {created:yyyy-MM-dd HH:mm:ss} UTC " : "")
        + "is gone (Redis restarted without persistence, was flushed, or failed over to a node without the data); restore Redis "
        + "from a backup or schedule the tasks again, and turn on persistence (appendonly yes)";

    /// <summary>Reads <see cref="RedisKeys.DataSetLost"/>'s value; null when there is none or it cannot be read.</summary>
    internal static DataSetLoss? Parse(string? value)
    {
        var parts = value?.Split('|');
        if (parts is not { Length: 3 } || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var detected)) return null;
        DateTimeOffset? created = long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new DataSetLoss(DateTimeOffset.FromUnixTimeMilliseconds(detected), parts[1], created);
    }
}
