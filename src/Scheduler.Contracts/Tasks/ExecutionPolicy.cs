namespace Scheduler.Contracts.Tasks;

/// <summary>Per-task overrides of how the worker retries and times out a task; unset values use the worker's defaults.</summary>
/// <param name="MaxRetries">Retries after the first attempt (0..100); the default is 3.</param>
/// <param name="BackoffBase">First retry delay, doubled each time with jitter; the default is 2 s.</param>
/// <param name="BackoffMax">Longest retry delay; the default is 5 min.</param>
/// <param name="SoftTimeout">After this the attempt's cancellation token fires; the default is 5 min.</param>
/// <param name="HardTimeout">After this the attempt is abandoned and marked timed out; the default is 10 min.</param>
public sealed record ExecutionPolicy(
    int? MaxRetries = null,
    TimeSpan? BackoffBase = null,
    TimeSpan? BackoffMax = null,
    TimeSpan? SoftTimeout = null,
    TimeSpan? HardTimeout = null)
{
    /// <summary>The longest soft or hard timeout.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>Problems with the values, one sentence each; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxRetries is < 0 or > 100) yield return $"execution \"maxRetries\" is {MaxRetries}; expected 0..100";
        if (BackoffBase is { } b && (b < TimeSpan.Zero || b > TimeSpan.FromHours(1))) yield return $"execution \"backoffBase\" is {b}; expected 0 to 1 hour";
        if (BackoffMax is { } m && (m < TimeSpan.Zero || m > TimeSpan.FromDays(1))) yield return $"execution \"backoffMax\" is {m}; expected 0 to 1 day";
        if (SoftTimeout is { } s && (s <= TimeSpan.Zero || s > MaxTimeout)) yield return $"execution \"softTimeout\" is {s}; expected more than 0 and at most 1 day";
        if (HardTimeout is { } h && (h <= TimeSpan.Zero || h > MaxTimeout)) yield return $"execution \"hardTimeout\" is {h}; expected more than 0 and at most 1 day";
        if (SoftTimeout is { } soft && HardTimeout is { } hard && hard < soft) yield return $"execution \"hardTimeout\" ({hard}) is shorter than \"softTimeout\" ({soft}); expected hard ≥ soft";
    }
}
