using System.Diagnostics;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// Measures what a failover costs a client: acknowledged writes that did not survive (async replication), how long
/// writes failed, and what waiting for a replica (<c>WAIT 1</c>) adds to each write. Figures for the report, not asserts.
/// </summary>
public sealed class ReplicationProbe : IAsyncDisposable
{
    private readonly IDatabase _db;
    private readonly RedisKey _key;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TimeSpan> _acks = [];
    private long _failed;

    private ReplicationProbe(IDatabase db, RedisKey key)
    {
        _db = db;
        _key = key;
        _loop = Task.Run(WriteAsync);
    }

    /// <summary>Starts INCRementing <paramref name="key"/> as fast as one caller can, counting acknowledgements.</summary>
    public static ReplicationProbe StartWriting(IDatabase db, RedisKey key) => new(db, key);

    /// <summary>Stops writing, then reads the counter back (through the same connection, now on the promoted node).</summary>
    public async Task<(long Acknowledged, long Lost, long Failed, TimeSpan LongestGap)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var stopped = _clock.Elapsed;
        var stored = (long)await _db.StringGetAsync(_key);
        // The longest stretch without an acknowledged write, counting the start and the stop as its edges.
        var edges = (List<TimeSpan>)[TimeSpan.Zero, .. _acks, stopped];
        var gap = edges.Zip(edges.Skip(1), (a, b) => b - a).Max();
        // A write that timed out may still have been applied, so only a shortfall counts as lost.
        return (_acks.Count, Math.Max(0, _acks.Count - stored), _failed, gap);
    }

    private async Task WriteAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _db.StringIncrementAsync(_key);
                _acks.Add(_clock.Elapsed);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                _failed++;
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Mean time of one write alone and of the same write followed by <c>WAIT 1 1000</c> (a replica has it).</summary>
    public static async Task<(double PlainMs, double WaitMs)> MeasureWaitCostAsync(IDatabase db, RedisKey key, int writes)
    {
        // Alternated one by one after a warm-up, so JIT, pool growth and the other processes' load fall on both alike.
        for (var i = 0; i < 20; i++) await db.StringIncrementAsync(key);
        var plain = new Stopwatch();
        var waited = new Stopwatch();
        for (var i = 0; i < writes; i++)
        {
            plain.Start();
            await db.StringIncrementAsync(key);
            plain.Stop();
            waited.Start();
            await db.StringIncrementAsync(key);
            var replicas = (long)await db.ExecuteAsync("WAIT", 1, 1000);
            waited.Stop();
            if (replicas < 1) throw new InvalidOperationException("WAIT timed out: no replica acknowledged the write");
        }
        return (plain.Elapsed.TotalMilliseconds / writes, waited.Elapsed.TotalMilliseconds / writes);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
