using System.Globalization;

namespace Scheduler.Runtime.Storage;


/// <summary>The runs a worker said it holds, and when it said so (by its own clock, the one its in-flight entries use).</summary>
internal sealed record WorkerHolding(DateTimeOffset At, IReadOnlySet<string> RunIds)
{
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
