namespace Scheduler.Runtime.Storage;

/// <summary>
/// Lua scripts of the run ledger (run hash and in-flight hash): a worker claims, records and leaves a run, Beat releases
/// an orphaned one; each check-and-change is one call, so two processes never both win.
/// </summary>
internal static partial class RunLedgerScripts
{
    // The entry's task (for its list of runs in flight, StoreScripts.RunInFlight), from "jobId|workerId|taskId|...".
    private const string EntryTask = """
        local function entryTask(entry) local _, _, task = string.find(entry, '^[^|]*|[^|]*|([^|]*)|') return task end
        """;

    // withdrawUnstarted(runKey, entry): the entry just taken out of the in-flight hash was a claim whose attempt had not
    // started its handler (the run hash's "waiting" names the entry's attempt): the claim is withdrawn with it, the
    // attempt count back to the one before, so the run's next claim runs that attempt number, not the one after. Set, not
    // decremented: a withdrawal repeated (its entry restored after a failed recovery) withdraws the same claim again,
    // not one more. True when it withdrew one. withdrawClaim(runKey, attempt) is its second half, for a claim whose
    // worker says its handler has not started (LeaveRun).
    private const string WithdrawUnstarted = """
        local function entryAttempt(entry) local _, _, attempt = string.find(entry, '^[^|]*|[^|]*|[^|]*|([^|]*)|') return attempt end
        local function withdrawClaim(runKey, attempt)
          local before = (tonumber(attempt) or 1) - 1
          if before > 0 then redis.call('HSET', runKey, 'attempts', tostring(before)) else redis.call('HDEL', runKey, 'attempts') end
          redis.call('HDEL', runKey, 'claim')
        end
        local function withdrawUnstarted(runKey, entry)
          local attempt = entryAttempt(entry)
          if not attempt or not runKey or redis.call('HGET', runKey, 'waiting') ~= attempt then return false end
          withdrawClaim(runKey, attempt)
          return true
        end
        """;

    // A constant, so a script built from it in another part of this class never reads it before it is set.
    private const string InFlightList = Contracts.Storage.StoreScripts.IndexSearch + "\n" + Contracts.Storage.StoreScripts.RunInFlight + "\n" + EntryTask + "\n"
        + WithdrawUnstarted + "\n";

    // KEYS: in-flight hash, (optional) run hash, (optional) events stream. ARGV: runId, "jobId|workerId|" of the caller,
    // task key prefix, (optional) the attempt the caller claimed and has not started, "1" when that claim announced its
    // start, now (ms), the error the end of that start is announced with, that claim's token. Removes the entry only
    // while it is the caller's: with a claim named, only while the run's claim is still that one (the same worker may
    // hold a later delivery of the job, whose claim and entry are not this one's to take).
    // A claim whose attempt had not started is withdrawn with it, as ReleaseOrphan withdraws one: marked "waiting" (a
    // stopping worker hands back a run that waited behind the run before it), or named by the caller (stopped between
    // its claim and its handler's start) while the entry and the count still say that attempt. Its next delivery runs the
    // same attempt number, and no attempt goes unrecorded; a start the claim announced is announced ended
    // (scheduler.task.retry), as a hand-back's is.
    public static readonly string LeaveRun = InFlightList + $$"""
        local entry = redis.call('HGET', KEYS[1], ARGV[1])
        if not entry or string.sub(entry, 1, #ARGV[2]) ~= ARGV[2] then return 0 end
        local unstarted = ARGV[4]
        local named = unstarted and unstarted ~= '' and KEYS[2] and ARGV[8] and ARGV[8] ~= ''
        -- The entry holds the attempt named, under another claim: a later delivery of the job on this worker took it (a
        -- recovery withdrew this one's meanwhile). Not this delivery's to leave.
        if named and entryAttempt(entry) == unstarted and redis.call('HGET', KEYS[2], 'claim') ~= ARGV[8] then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        listRun(ARGV[3] .. (entryTask(entry) or ''), ARGV[1], false)
        if withdrawUnstarted(KEYS[2], entry) then return 2 end
        if not named or entryAttempt(entry) ~= unstarted or redis.call('HGET', KEYS[2], 'attempts') ~= unstarted
          or redis.call('HGET', KEYS[2], 'claim') ~= ARGV[8] then return 1 end
        withdrawClaim(KEYS[2], unstarted)
        if ARGV[5] == '1' and KEYS[3] and KEYS[3] ~= '' then
          redis.call('XADD', KEYS[3], 'MAXLEN', '~', '{{Contracts.Storage.EventStream.MaxLength}}', '*', 'type', '{{Contracts.Events.SchedulerEvents.Retry}}',
            'taskId', entryTask(entry), 'at', ARGV[6], 'runId', ARGV[1], 'attempt', unstarted, 'error', ARGV[7])
        end
        return 2
        """;

    // KEYS: in-flight hash. ARGV: runId, how the caller's entry begins, the entry to put in its place. Swaps the entry
    // only while it is the caller's: a worker parks its run's retry (InFlightRun.ParkedEntry) or takes the park back.
    public const string SwapInFlight = """
        local entry = redis.call('HGET', KEYS[1], ARGV[1])
        if not entry or string.sub(entry, 1, #ARGV[2]) ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
        """;

    // KEYS: in-flight hash, run hash. ARGV: runId, expected entry, task key prefix. Removes the entry only if it is still
    // the one that was seen, so exactly one beat recovers an orphaned run: 0 when it is not, 1 when taken, 2 when taken
    // and its attempt had not started (the run hash's "waiting" names it: it waited behind another run of its task). Such
    // a claim is withdrawn too, in the same step (withdrawUnstarted).
    public static readonly string ReleaseOrphan = InFlightList + """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        listRun(ARGV[3] .. (entryTask(ARGV[2]) or ''), ARGV[1], false)
        return withdrawUnstarted(KEYS[2], ARGV[2]) and 2 or 1
        """;

    // KEYS: run hash. ARGV: the attempt about to start its handler, the claim token of the claim that took it. Clears the
    // run's "waiting" mark (see CheckOwner's start) while it still names that attempt: from here a lost attempt is one
    // that started. 0 when the claim is no longer the caller's: a recovery withdrew it (ReleaseOrphan and LeaveRun drop
    // the token and leave the mark) and re-queued the run, or another delivery has claimed it since; the handler must not
    // start here. A repeat whose first try landed finds its own claim and the mark cleared: 1 again. So does a claim
    // whose own write is gone (no token and no mark for the attempt: a failover dropped it): nothing withdrew it, and
    // its delivery goes on, as it did before the mark existed.
    public const string MarkAttemptStarted = """
        local ledger = redis.call('HMGET', KEYS[1], 'claim', 'waiting')
        if ledger[1] ~= ARGV[2] then
          if ledger[1] or ledger[2] == ARGV[1] then return 0 end
          return 1
        end
        if ledger[2] == ARGV[1] then redis.call('HSET', KEYS[1], 'waiting', '0') end
        return 1
        """;

    // KEYS: in-flight hash. ARGV: runId, entry, task key prefix. Puts back an entry a recovery took, unless the run has
    // one again (its re-delivery's).
    public static readonly string RestoreInFlight = InFlightList + """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        listRun(ARGV[3] .. (entryTask(ARGV[2]) or ''), ARGV[1], true)
        return 1
        """;
}
