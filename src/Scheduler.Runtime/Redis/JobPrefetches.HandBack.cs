using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

internal sealed partial class JobPrefetches
{
    // KEYS: job hash, fetched list, queue, and the job's state lock when the fetch took it. ARGV: job id, fetch channel,
    // then the lock's owner value as the fetch took it, hold ms. Back to be fetched next, unless a fetch took the job
    // meanwhile (it wrote Fetched) or it left the fetched list (Beat's sweep re-queued it); the state lock the fetch took
    // goes back in any case.
    private static readonly string HandBackScript = RidingLockRelease.Lua("KEYS[4]", "ARGV[3]", "ARGV[4]") + """
        if (redis.call('HGET', KEYS[1], 'Fetched') or '') ~= '' then return 0 end
        if redis.call('LREM', KEYS[2], -1, ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[1], 'Checked')
        redis.call('RPUSH', KEYS[3], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[1])
        return 1
        """;

    /// <summary>The calling thread will not fetch again (its worker is stopping): what it fetched ahead goes back now.</summary>
    public void HandBackOwn()
    {
        if (OwnAhead is not { } ahead || ahead.Owner != this) return;
        OwnAhead = null;
        HandBack(ahead);
    }

    /// <summary>Every fetch ahead not adopted yet goes back to its queue (the worker server stopped).</summary>
    public void HandBackAll()
    {
        foreach (var ahead in _outstanding.Keys) HandBack(ahead);
    }

    /// <summary>
    /// The worker server stopped fetching: what was fetched ahead goes back, and no job's last write or commit fetches
    /// ahead any more (a job body that outlives the stop would strand one) until <see cref="Open"/>.
    /// </summary>
    public void Close()
    {
        _closed = true;
        HandBackAll();
    }

    /// <summary>A worker server of this storage started (again): fetches go ahead again.</summary>
    public void Open() => _closed = false;

    private volatile bool _closed;

    private void HandBackStale()
    {
        var now = Environment.TickCount64;
        foreach (var ahead in _outstanding.Keys)
        {
            if (now - ahead.SentAt > _holdMs) HandBack(ahead);
        }
    }

    private void HandBack(Ahead ahead)
    {
        _outstanding.TryRemove(ahead, out _);
        if (!ahead.Claim(2)) return;
        ahead.Fetch.ContinueWith(fetch =>
        {
            if (!fetch.IsCompletedSuccessfully || Taken(ahead) is not { } taken) return;
            var (jobId, queue, locked) = taken;
            try
            {
                // The lock goes back only when this fetch took it: one another holder keeps is left as it is.
                if (locked is null)
                    UnawaitedScript.Send(_db, HandBackScript, [_keys.Job(jobId), _keys.Fetched(queue), _keys.Queue(queue)], [jobId, _keys.FetchChannel]);
                else
                    UnawaitedScript.Send(_db, HandBackScript, [_keys.Job(jobId), _keys.Fetched(queue), _keys.Queue(queue), _keys.StateLock(jobId)],
                        [jobId, _keys.FetchChannel, locked.Owner, RidingLockRelease.HoldMilliseconds]);
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException) { }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
