using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A script sent without waiting for it, where <see cref="CommandFlags.FireAndForget"/> would lose it. StackExchange.Redis
/// sends a script it has run once by its SHA, and only a call whose answer it reads is sent again with its body when
/// Redis answers NOSCRIPT (its script cache flushed by <c>SCRIPT FLUSH</c>, as managed services' maintenance can do). A
/// fire-and-forget script was dropped then, every time after: a job's state lock stayed until it expired (30 s) and held
/// up the job's next state change.
/// </summary>
internal static class UnawaitedScript
{
    public static void Send(IDatabase db, string script, RedisKey[] keys, RedisValue[] args) =>
        // A failure (the connection lost, Redis refusing writes) is what fire-and-forget ignored too: observed, not thrown.
        TaskFaults.Observe(db.ScriptEvaluateAsync(script, keys, args));
}
