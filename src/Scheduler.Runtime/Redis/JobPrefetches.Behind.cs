using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

internal sealed partial class JobPrefetches
{
    /// <summary>
    /// Sends the next fetch of the worker thread running <paramref name="jobId"/> right behind the commands already sent,
    /// without waiting, from whichever thread wrote the job's last write: its answer comes back in the same read as that
    /// write's, and the thread's next fetch adopts it (<see cref="TryAdopt"/>) as it adopts one sent inside a commit. For a
    /// job whose final state change is deferred to a batch (<see cref="DeferredCompletions"/>): no commit of the thread
    /// carries its fetch then, and without this the fetch is a wait of its own. Nothing when no worker thread of this
    /// process runs the job or the thread has a fetch ahead already.
    /// </summary>
    public void SendBehind(string jobId)
    {
        if (_closed || !_running.TryGetValue(jobId, out var current) || HasOutstanding(current)) return;
        var announced = _announcements?.Invoke();
        Task<RedisResult> fetch;
        // Sent by its body: StackExchange.Redis goes by SHA once the script is known, and sends the body again after a
        // NOSCRIPT, as it does for a call whose answer is read.
        var (args, lockOwner) = FetchArguments();
        try { fetch = _db.ScriptEvaluateAsync(FetchFirstScript, ListsOf(current.Queues), args); }
        catch (Exception e) when (e is RedisException or ObjectDisposedException) { return; }
        Outstand(current, new Ahead(this, current.Queues, fetch, announced, lockOwner));
    }
}
