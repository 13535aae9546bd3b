namespace Scheduler.Runtime.Storage;

/// <summary>What the flow gate answered for one run.</summary>
/// <param name="Go">True: the run may start (its slot is taken and its start counted, unless only peeked).</param>
/// <param name="Waited">When it goes after waiting: how long since it first waited.</param>
/// <param name="FirstWait">When it waits: when it began to.</param>
/// <param name="Ahead">Waiters ahead of it for the key it waits on.</param>
/// <param name="Waiters">Waiters for that key, itself included.</param>
/// <param name="RetryAt">When its rate limit allows it to start at the earliest; null when it waits for a slot.</param>
/// <param name="FirstTime">True the first time it is told to wait.</param>
/// <param name="Label">What it waits for: "concurrency &lt;key&gt;" or "rate &lt;key&gt;".</param>
/// <param name="HandOff">
/// The run left the concurrency line it waited in before (its task's key changed): the waiter behind it there, as
/// (jobId, queue), to wake in its place; a release there may have woken this run for a slot it will not take.
/// </param>
internal sealed record FlowGateReply(bool Go, TimeSpan? Waited, DateTimeOffset FirstWait = default, int Ahead = 0, int Waiters = 0,
    DateTimeOffset? RetryAt = null, bool FirstTime = false, string Label = "", (string JobId, string Queue)? HandOff = null);
