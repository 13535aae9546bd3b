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

    // KEYS: each queue and its fetched list, as the fetch's. ARGV: the job key prefix, the owner value the fetch took the
    // job's state lock under, the fetch channel. The job a fetch whose answer was lost took, found by that lock (its owner
    // value is that fetch's alone), back to be fetched next; only after a failure, so the scan costs nothing on a job's way.
    // A fetch pushes onto the head of the fetched list, so the scan stops after the newest entries (a burst of failed
    // fetches sends one scan each), leaving an older one to Beat's sweep. Left there too: a job stamped fetched, one in
    // the fetched list twice or already back in its queue (queued twice, the other copy may be a live delivery's).
    private const string HandBackUnansweredScript = """
        for i = 1, #KEYS, 2 do
          for _, id in ipairs(redis.call('LRANGE', KEYS[i + 1], 0, 255)) do
            local job = ARGV[1] .. id
            if redis.call('GET', job .. ':state-lock') == ARGV[2] then
              redis.call('DEL', job .. ':state-lock')
              if (redis.call('HGET', job, 'Fetched') or '') ~= '' then return 0 end
              if #redis.call('LPOS', KEYS[i + 1], id, 'COUNT', 2) ~= 1 or redis.call('LPOS', KEYS[i], id) then return 0 end
              redis.call('LREM', KEYS[i + 1], -1, id)
              redis.call('HDEL', job, 'Checked')
              redis.call('RPUSH', KEYS[i], id)
              redis.call('PUBLISH', ARGV[3], id)
              return 1
            end
          end
        end
        return 0
        """;

    // No answer (the client's time-out, a dropped connection): Redis may have run the fetch all the same.
    private static bool Unanswered(Exception e) => e is RedisTimeoutException or RedisConnectionException;

    /// <summary>
    /// A fetch whose answer never came may have taken a job all the same: that job would wait in its fetched list, with
    /// no fetch time, until Beat's stranded-fetch sweep (tens of seconds). Sent behind the fetch on the same connection, or
    /// once it is back, this puts the job back by the state lock the fetch took under <paramref name="lockOwner"/>.
    /// </summary>
    private void HandBackUnanswered(string[] queues, string lockOwner)
    {
        try { UnawaitedScript.Send(_db, HandBackUnansweredScript, ListsOf(queues), [_jobPrefix, lockOwner, _keys.FetchChannel]); }
        catch (Exception e) when (e is RedisException or ObjectDisposedException) { }
    }

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
