namespace Scheduler.Contracts.Runs;

internal static partial class RunScripts
{
    // KEYS: task hash, failed-runs index, its data hash, backfill set, backfill current-run key, trigger index. ARGV:
    // taskId. After a task is deleted: its failed runs leave the index (a task later created under the same id would
    // otherwise list them as its own, and a retry would run its new definition under an old run id), its backfill and
    // the retry and backfill requests waiting in the trigger index go. Does nothing when the id exists again by then
    // (those entries cannot be told from the new task's). Returns how many entries it removed.
    // ARGV[2] "runs" (the retention sweep's task, whose history named every run it had: ARGV[3..]): only those runs
    // leave the failed-runs index, and the trigger index is not searched for retry requests (the index is shared, its
    // size a backlog's; a request left there is dropped when fired, its task being gone). The backfill request goes.
    // ARGV[2] "retained" (the sweep's task whose history was at its cap, so it may have dropped older runs): the
    // failed-runs index is searched, the trigger index still not.
    public const string ForgetTask = $$"""
        {{Storage.StoreScripts.IndexSearch}}
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local prefix = ARGV[1] .. ':'
        local removed = 0
        local failed = {}
        local known, retained = ARGV[2] == 'runs', ARGV[2] == 'runs' or ARGV[2] == 'retained'
        if known then
          for i = 3, #ARGV do table.insert(failed, ARGV[i]) end
        else
          failed = membersWhere(KEYS[2], function(runId) return string.sub(runId, 1, #prefix) == prefix end)
        end
        removed = removed + removeAll('ZREM', KEYS[2], failed)
        removeAll('HDEL', KEYS[3], failed)
        removed = removed + redis.call('DEL', KEYS[4], KEYS[5])
        local retry, backfill = '{{RetryMember}}', '{{BackfillMember}}' .. ARGV[1]
        if retained then return removed + redis.call('ZREM', KEYS[6], backfill) end
        local requests = membersWhere(KEYS[6], function(member)
          if member == backfill then return true end
          if string.sub(member, 1, #retry) ~= retry then return false end
          local _, _, runId = string.find(member, '^' .. retry .. '[^:]*:(.*)$')
          return runId ~= nil and string.sub(runId, 1, #prefix) == prefix
        end)
        removed = removed + removeAll('ZREM', KEYS[6], requests)
        return removed
        """;
}
