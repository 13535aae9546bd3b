namespace Scheduler.Runtime.Redis;

/// <summary>
/// Wakes workers waiting for a job when one is announced on Hangfire's fetch channel. A worker reads
/// <see cref="Generation"/> before it looks at its queues and, finding them empty, waits only if no announcement came
/// since, so one that arrives between the look and the wait is never lost: the worker looks again at once.
/// (Hangfire.Redis.StackExchange resets one shared event before each wait, erasing such an announcement; the job then
/// sat in its queue beside idle workers until the next message or the fetch timeout.)
/// An announcement wakes as many waiting workers as it announces jobs (one for a job id, the rest of a batch for its
/// count: <see cref="FetchWakeUps"/>), so a single job wakes one worker, not all of them to find the queue empty, and a
/// worker that takes a job wakes nobody (a busy worker looks again when its job ends, with its final commit).
/// </summary>
internal sealed class FetchSignal
{
    private readonly object _gate = new();
    private long _generation;
    private int _waiting;
    private int _wakeUps;

    /// <summary>How many announcements there have been; a worker waits only while this is what it read before its look.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>How many workers are waiting now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// <paramref name="jobs"/> jobs were queued: as many waiting workers look (all of them for <see cref="int.MaxValue"/>),
    /// and any worker that read <see cref="Generation"/> before this.
    /// </summary>
    public void Announce(int jobs = 1)
    {
        lock (_gate)
        {
            _generation++;
            for (var woken = 0; woken < jobs && WakeOne(); woken++) { }
        }
    }

    /// <summary>
    /// Blocks the worker's thread until it is woken, the timeout passes or the worker stops (its caller's loop checks
    /// the token); returns at once if there was an announcement after <paramref name="seen"/>.
    /// </summary>
    public void Wait(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Generation != seen) return;
        using var stopping = cancellationToken.Register(WakeAll);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            if (_generation != seen) return;
            _waiting++;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (_wakeUps > 0)
                    {
                        _wakeUps--;
                        return;
                    }
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0) return;
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left));
                }
            }
            finally
            {
                _waiting--;
                // A worker that left at its timeout or stop took no wake-up; never owe more than there are waiters.
                _wakeUps = Math.Min(_wakeUps, _waiting);
            }
        }
    }

    private bool WakeOne()
    {
        if (_wakeUps >= _waiting) return false;
        _wakeUps++;
        Monitor.Pulse(_gate);
        return true;
    }

    private void WakeAll()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }
}
