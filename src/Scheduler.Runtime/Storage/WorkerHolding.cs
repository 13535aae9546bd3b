using System.Globalization;

namespace Scheduler.Runtime.Storage;


/// <summary>The runs a worker said it holds, and when it said so (by its own clock, the one its in-flight entries use).</summary>
internal sealed record WorkerHolding(DateTimeOffset At, IReadOnlySet<string> RunIds)
{
    /// <summary>How often a worker re-publishes what it holds.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an advertisement lives: at least <paramref name="workerDeadAfter"/> (twice it, and 30 s at the least),
    /// so a live worker's advertisement cannot lapse while Beat still counts the worker alive.
    /// </summary>
    public static TimeSpan TtlFor(TimeSpan workerDeadAfter) =>
        workerDeadAfter * 2 > MinTtl ? workerDeadAfter * 2 : MinTtl;

    private static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(30);

    public static string Format(DateTimeOffset at, IEnumerable<string> runIds) =>
        string.Join('\n', runIds.Prepend(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

    public static WorkerHolding? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var lines = value.Split('\n');
        return long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new WorkerHolding(DateTimeOffset.FromUnixTimeMilliseconds(ms), lines.Skip(1).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal))
            : null;
    }
}
