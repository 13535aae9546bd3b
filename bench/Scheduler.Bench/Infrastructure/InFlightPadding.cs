namespace Scheduler.Bench.Infrastructure;

/// <summary>
/// Synthetic runs of other tasks in the shared in-flight hash (<c>&lt;prefix&gt;inflight</c>), as if that many runs
/// were executing on a live worker, so that a measurement sees the hash as large as it is with that many runs in
/// flight. Each entry is one run of its own task (<c>pad-&lt;n&gt;</c>, which does not exist): field
/// <c>pad-&lt;n&gt;:&lt;dueMs&gt;</c>, value <c>jobId|workerId|pad-&lt;n&gt;|1|startedMs</c> (InFlightRun's format).
/// <para>
/// Beat's recovery must leave them alone, or the figures would be for a shrinking hash: the watchdog re-queues an entry
/// whose worker is not in the heartbeats sorted set (fresh within WorkerDeadAfter, 15 s), so the fake worker's
/// heartbeat is rewritten every second until <see cref="DisposeAsync"/>; the reconciler leaves a live worker's entry
/// alone while that worker has no <c>holding:&lt;worker&gt;</c> advertisement, and none is written. The worker id does
/// not start with "worker:", so the capability and dashboard reads that count live workers do not see it.
/// </para>
/// </summary>
internal sealed class InFlightPadding : IAsyncDisposable
{
    private const string InFlightKey = SchedulerCluster.KeyPrefix + "inflight";
    private const string HeartbeatsKey = SchedulerCluster.KeyPrefix + "heartbeats";

    // One call, not one round trip per entry. The job id has a Hangfire job id's length (a GUID) so the values are as
    // long as real ones. The same script verifies (ARGV[5] = "check"): it counts the entries still there unchanged.
    private const string Script = """
        local n, due, worker, started = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
        local same = 0
        for i = 0, n - 1 do
          local task = 'pad-' .. i
          local field = task .. ':' .. due
          local value = string.format('%08x-0000-4000-8000-%012x', i, i) .. '|' .. worker .. '|' .. task .. '|1|' .. started
          if ARGV[5] == 'check' then
            if redis.call('HGET', KEYS[1], field) == value then same = same + 1 end
          else
            redis.call('HSET', KEYS[1], field, value)
          end
        end
        return same
        """;

    private readonly LocalRedis _redis;
    private readonly string _worker;
    private readonly long _dueMs;
    private readonly CancellationTokenSource _stop = new();
    private Task _beating = Task.CompletedTask;

    private InFlightPadding(LocalRedis redis, int count, long nowMs)
    {
        (_redis, Count, _dueMs, PaddedAt) = (redis, count, nowMs, DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
        _worker = $"bench-pad:{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
    }

    public int Count { get; }

    /// <summary>When the entries were written (their startedMs): the reconciler looks at them 30 s (ReconcileAfter) after it.</summary>
    public DateTimeOffset PaddedAt { get; }

    /// <summary>Starts the fake worker's heartbeat, then writes <paramref name="count"/> entries (none for 0).</summary>
    public static async Task<InFlightPadding> StartAsync(LocalRedis redis, int count)
    {
        var padding = new InFlightPadding(redis, count, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (count == 0) return padding;
        // The heartbeat is written before the entries: the watchdog must never see an entry of a worker it thinks dead.
        await padding.BeatAsync();
        padding._beating = padding.KeepBeatingAsync();
        await redis.Db.ScriptEvaluateAsync(Script, [InFlightKey], [count, padding._dueMs, padding._worker, padding._dueMs, "write"]);
        return padding;
    }

    /// <summary>
    /// Redis's encoding of the in-flight hash: "listpack" while it has at most hash-max-listpack-entries fields (512 on
    /// Redis 7.0) and no value longer than hash-max-listpack-value (64; real entries are longer, so the measurements pass
    /// 1024), else "hashtable", as any in-flight hash of 1,000 runs is.
    /// </summary>
    public async Task<string> EncodingAsync() =>
        (string?)await _redis.Db.ExecuteAsync("OBJECT", "ENCODING", InFlightKey) ?? "(no hash)";

    /// <summary>Throws unless every entry is still there unchanged: one taken by recovery would make the figures wrong.</summary>
    public async Task VerifyAsync()
    {
        if (Count == 0) return;
        var same = (long)await _redis.Db.ScriptEvaluateAsync(Script, [InFlightKey], [Count, _dueMs, _worker, _dueMs, "check"]);
        if (same != Count) throw new InvalidOperationException($"{Count - same} of {Count} padded in-flight entries were removed or changed during the run");
    }

    private Task BeatAsync() => _redis.Db.SortedSetAddAsync(HeartbeatsKey, _worker, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    // Every second, well within WorkerDeadAfter (15 s) even when the machine is loaded.
    private async Task KeepBeatingAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                await BeatAsync();
            }
            catch (OperationCanceledException) { break; }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
            {
                // The next beat may succeed; if beats stop long enough for the watchdog to take entries, VerifyAsync says so.
            }
        }
    }

    /// <summary>Stops the heartbeat (the entries stay: Redis is thrown away with the measurement). Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await _beating;
    }
}
