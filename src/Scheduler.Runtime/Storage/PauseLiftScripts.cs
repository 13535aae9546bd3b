using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Storage;

/// <summary>Beat's Lua that lifts a pause at its end, recorded in the audit log in the same call.</summary>
internal static class PauseLiftScripts
{
    // KEYS: task hash, due index, events stream, audit stream, running index, in-flight hash. ARGV: id, now ms, change channel, then the audit ARGV
    // (max entries, max age ms, actor, action, task id, before, after, note). A paused task with an end waits in the
    // due index scored by that end (StoreScripts.Pause); Beat claims it like any due entry and calls this. Only a task
    // still paused with an end that has passed is resumed, so of the beats that may race for it one does it, once.
    // Returns 0 when the task is no longer paused (whoever changed it re-scored its entry), 1 when nothing was due (the entry is put
    // back at the end, or dropped when the pause has none), 2 when the pause was lifted. A task paused while a run of it
    // executed, and still executing, goes back to "running" (as StoreScripts.Transition's resume does).
    public static readonly string Lift = $$"""
        {{StoreScripts.EmitEvent}}
        {{AuditScripts.Function}}
        {{StoreScripts.IndexSearch}}
        {{StoreScripts.RunInFlight}}
        if redis.call('HGET', KEYS[1], 'status') ~= 'paused' then return 0 end
        local untilMs = redis.call('HGET', KEYS[1], 'pausedUntil')
        if not untilMs or untilMs == '' then
          redis.call('ZREM', KEYS[2], ARGV[1])
          return 1
        end
        if tonumber(untilMs) > tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[2], untilMs, ARGV[1])
          return 1
        end
        local status = runInFlight(KEYS[6], ARGV[1], nil, redis.call('HGET', KEYS[1], 'inFlightRuns')) and 'running' or 'scheduled'
        redis.call('HSET', KEYS[1], 'status', status, 'pausedAt', '', 'pausedBy', '', 'pauseNote', '', 'pausedUntil', '',
          'changedAt', ARGV[2], 'changedBy', ARGV[6])
        if status == 'running' then redis.call('SADD', KEYS[5], ARGV[1]) end
        local nextRun = redis.call('HGET', KEYS[1], 'nextRunAt')
        if nextRun and nextRun ~= '' then redis.call('ZADD', KEYS[2], nextRun, ARGV[1]) else redis.call('ZREM', KEYS[2], ARGV[1]) end
        emit(KEYS[3], '{{SchedulerEvents.Resumed}}', ARGV[1], ARGV[2], 'reason', 'pause ended')
        audit(KEYS[4], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11])
        redis.call('PUBLISH', ARGV[3], ARGV[1])
        return 2
        """;
}
