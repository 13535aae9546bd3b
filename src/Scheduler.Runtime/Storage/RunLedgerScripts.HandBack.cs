namespace Scheduler.Runtime.Storage;

internal static partial class RunLedgerScripts
{
    // KEYS: in-flight hash, task hash, the task's runs list, run hash, events stream. ARGV: runId, the caller's entry as it
    // begins ("jobId|workerId|taskId|attempt|"), task key prefix, the interrupted attempt's record (json), its end (ms), its
    // error. LeaveRun and the
    // attempt's record in one step: a stopping worker hands back a run whose handler it cut short, and the history says
    // so, as it says when a dead worker's run is recovered (RunRequeuer.RecordLostAsync). The record is written only by
    // the call that removed the entry: a repeat after a lost reply, or a worker whose run Beat recovered meanwhile (and
    // recorded as lost), writes nothing. Not final, so it settles nothing (status, counts, failed list, fan-out), as
    // RecordAttempt's non-final write does; nor for a task deleted meanwhile, or deleted and created again (the delete
    // stood the run down). The ledger has its expiry already: the attempt's claim counted it. The record is announced
    // with it, as the watchdog announces a dead worker's lost attempt when it re-queues the run (RunRequeuer): the same
    // event (scheduler.task.retry, runId, error), so a reader of the stream sees the attempt whose start was announced
    // end, once. The ledger notes the entry handed back ('handedBack'), so a repeat of the call whose first try landed
    // (its reply lost) is told so while the run is still in flight nowhere: a fenced worker re-queues the job on that word.
    // Returns 0 when the entry was not the caller's, 1 when it was left unrecorded, 2 when left and recorded, 3 for such
    // a repeat.
    public static readonly string HandBackRun = InFlightList + $$"""
        local entry = redis.call('HGET', KEYS[1], ARGV[1])
        if not entry then
          if redis.call('HGET', KEYS[4], 'handedBack') == ARGV[2] then return 3 end
          return 0
        end
        if string.sub(entry, 1, #ARGV[2]) ~= ARGV[2] then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[4], 'handedBack', ARGV[2])
        listRun(ARGV[3] .. (entryTask(entry) or ''), ARGV[1], false)
        if redis.call('HEXISTS', KEYS[2], 'status') == 0
          or redis.call('HGET', KEYS[4], 'owner') == '{{Contracts.Storage.StoreScripts.DeletedOwner}}' then return 1 end
        if redis.call('LPUSH', KEYS[3], ARGV[4]) > {{Contracts.Storage.ScheduleStore.HistoryCap}} then
          redis.call('LTRIM', KEYS[3], 0, {{Contracts.Storage.ScheduleStore.HistoryCap}} - 1)
        end
        redis.call('XADD', KEYS[5], 'MAXLEN', '~', '{{Contracts.Storage.EventStream.MaxLength}}', '*', 'type', '{{Contracts.Events.SchedulerEvents.Retry}}',
          'taskId', entryTask(entry), 'at', ARGV[5], 'runId', ARGV[1], 'error', ARGV[6])
        return 2
        """;
}
