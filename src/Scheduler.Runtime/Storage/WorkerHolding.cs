using System.Globalization;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// The runs a worker said it holds, and when it said so (by its own clock, the one its in-flight entries and its jobs'
/// fetch times use). <see cref="JobIds"/>: the Hangfire jobs it has fetched and not yet settled (acknowledged, its
/// deferred Succeeded state included, or handed back); null from a worker that does not say (an older one, or one
/// whose storage is not ours), which Beat then reads as holding every job it started.
/// </summary>
internal sealed record WorkerHolding(DateTimeOffset At, IReadOnlySet<string> RunIds, IReadOnlySet<string>? JobIds = null)
{
    /// <summary>How often a worker re-publishes what it holds.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    // Before the job ids. A run id is "task:number" and a Hangfire job id has no colon, so a Beat that predates the job
    // ids reads this line and them as runs no in-flight entry names.
    private const string JobsMarker = "#jobs";

    /// <summary>
    /// How long an advertisement lives: at least <paramref name="workerDeadAfter"/> (twice it, and 30 s at the least),
    /// so a live worker's advertisement cannot lapse while Beat still counts the worker alive.
    /// </summary>
    public static TimeSpan TtlFor(TimeSpan workerDeadAfter) =>
        workerDeadAfter * 2 > MinTtl ? workerDeadAfter * 2 : MinTtl;

    private static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(30);

    public static string Format(DateTimeOffset at, IEnumerable<string> runIds, IEnumerable<string>? jobIds = null)
    {
        var lines = runIds.Prepend(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        if (jobIds is not null) lines = lines.Append(JobsMarker).Concat(jobIds);
        return string.Join('\n', lines);
    }

    public static WorkerHolding? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var lines = value.Split('\n');
        if (!long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return null;
        var marker = Array.IndexOf(lines, JobsMarker);
        var runs = (marker < 0 ? lines.Skip(1) : lines.Take(marker).Skip(1)).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var jobs = marker < 0 ? null : lines.Skip(marker + 1).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        return new WorkerHolding(DateTimeOffset.FromUnixTimeMilliseconds(ms), runs, jobs);
    }
}
