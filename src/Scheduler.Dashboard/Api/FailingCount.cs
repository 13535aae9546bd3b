using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// How many schedules are failing now, counted at most once per <see cref="MaxAge"/>: the count reads every record's
/// last outcome (about a second of Redis time per 100,000 schedules on a busy machine), and a console refreshed by
/// several operators must not repeat it for each of them.
/// </summary>
internal sealed class FailingCount(OperatorReads reads, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long Count, DateTimeOffset At)? _last;

    public async Task<long> GetAsync()
    {
        if (Fresh() is { } cached) return cached;
        await _gate.WaitAsync();
        try
        {
            if (Fresh() is { } counted) return counted;
            var count = await reads.FailingAsync();
            _last = (count, time.GetUtcNow());
            return count;
        }
        finally
        {
            _gate.Release();
        }
    }

    private long? Fresh() => _last is { } last && time.GetUtcNow() - last.At < MaxAge ? last.Count : null;
}
