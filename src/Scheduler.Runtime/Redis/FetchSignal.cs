namespace Scheduler.Runtime.Redis;

/// <summary>
/// Wakes workers waiting for a job when one is announced on Hangfire's fetch channel. A worker reads
/// <see cref="Generation"/> before it looks at its queues and, finding them empty, waits only if no announcement came
/// since, so one that arrives between the look and the wait is never lost: the worker looks again at once.
/// (Hangfire.Redis.StackExchange resets one shared event before each wait, erasing such an announcement; the job then
/// sat in its queue beside idle workers until the next message or the fetch timeout.)
/// An announcement wakes one waiting worker, and a worker that takes a job wakes the next (<see cref="PassOn"/>), so a
/// batch of jobs reaches every idle worker while a single job wakes one, not all of them to find the queue empty.
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

    /// <summary>A job was queued: one waiting worker looks, and any worker that read <see cref="Generation"/> before this.</summary>
    public void Announce()
    {
        lock (_gate)
        {
            _generation++;
            WakeOne();
        }
    }

    /// <summary>A worker took a job: more may be queued, so one more waiting worker looks.</summary>
    public void PassOn()
    {
        if (Volatile.Read(ref _waiting) == 0) return;
        lock (_gate) WakeOne();
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

    private void WakeOne()
    {
        if (_wakeUps >= _waiting) return;
        _wakeUps++;
        Monitor.Pulse(_gate);
    }

    private void WakeAll()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }
}
