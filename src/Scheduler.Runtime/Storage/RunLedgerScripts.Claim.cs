namespace Scheduler.Runtime.Storage;

// A delivery's claims of a run and of a retry's attempt. CheckOwner is a field the claims are built from: they stay in
// this part, as the order of field initialisers across the parts of a class is not defined.
internal static partial class RunLedgerScripts
{
    // Shared by BeginAttempt and BeginRun. KEYS[1] run hash, KEYS[2] in-flight hash; ARGV: runId, jobId, workerId,
    // taskId, now ms, ttl seconds, (BeginRun: skip in-flight check), claim token. Returns a refusal ({'duplicate'} when
    // another Hangfire job owns the run: the occurrence was fired twice; {'done'} when it already finished), or nil when
    // the attempt may start. The claim token makes a call the worker repeats (Redis went away before the reply came
    // back) see its own earlier claim instead of a second attempt or a run "in flight" elsewhere: see claimedBefore.
    private static readonly string CheckOwner = $$"""
        -- One read of the run hash serves every check (nothing below changes these fields before they are read).
        local ledger = redis.call('HMGET', KEYS[1], 'owner', 'done', 'claim', 'attempts', 'req', 'flowWait', 'stopped', 'firedUnder', 'beforeFire')
        local function refusal()
          local owner = ledger[1]
          -- Stood down by a delete: 'deleted', so a delivery that waited at a flow gate gives up its place in line.
          if owner == '{{Contracts.Storage.StoreScripts.DeletedOwner}}' then return {'deleted', 0} end
          if owner and owner ~= ARGV[2] then return {'duplicate', 0} end
          if ledger[2] then return {'done', 0} end
          return nil
        end
        local function claimedBefore()
          if ARGV[8] == '' or ledger[3] ~= ARGV[8] then return nil end
          return tonumber(ledger[4])
        end
        local attempt = (tonumber(ledger[4]) or 0) + 1
        -- Its text, formatted once and not at all for a first attempt: Lua formats a number with sprintf each time one
        -- is joined to a string or given to redis.call (StoreScripts.EmitEvent).
        local attemptText = ledger[4] and tostring(attempt) or '1'
        local inFlightEntry = ARGV[2] .. '|' .. ARGV[3] .. '|' .. ARGV[4] .. '|' .. attemptText .. '|' .. ARGV[5]
        -- A first attempt of an occurrence due within the last day finds the expiry its fire gave the ledger (CommitFires,
        -- the same ttl; a ledger with an owner was always given one), so refreshing it would change nothing that matters.
        local function expiryFresh()
          if not ledger[1] or ledger[4] then return false end
          local due = tonumber(string.match(ARGV[1], ':t?(%d+)$') or '')
          return due ~= nil and tonumber(ARGV[5]) - due < 86400000
        end
        -- entered: the in-flight entry was written already (BeginRun's check takes it). added: start wrote a new one.
        local added = false
        -- beforeFire "1": kept in the same write for a repeated claim (BeginRun's tenth element). waiting: the attempt
        -- number while its handler has not started (the claim did not announce it: it may wait behind the run before
        -- it, or a parked retry's rest), "0" once it has or when it starts at once; written in the claim's own HSET, so
        -- a run is never claimed without saying which (MarkAttemptStarted clears it, ReleaseOrphan reads it).
        local function start(previous, entered, beforeFire, waiting)
          if beforeFire == '1' then
            redis.call('HSET', KEYS[1], 'attempts', attemptText, 'owner', ARGV[2], 'claim', ARGV[8], 'prev', previous or '', 'waiting', waiting or '0', 'beforeFire', '1')
          else
            redis.call('HSET', KEYS[1], 'attempts', attemptText, 'owner', ARGV[2], 'claim', ARGV[8], 'prev', previous or '', 'waiting', waiting or '0')
          end
          if not expiryFresh() then redis.call('EXPIRE', KEYS[1], ARGV[6]) end
          if not entered then added = redis.call('HSET', KEYS[2], ARGV[1], inFlightEntry) == 1 end
          return attempt
        end
        local function announce(events, type)
          if not events or events == '' or not type or type == '' then return end
          redis.call('XADD', events, 'MAXLEN', '~', '{{Contracts.Storage.EventStream.MaxLength}}', '*', 'type', type, 'taskId', ARGV[4], 'at', ARGV[5],
            'runId', ARGV[1], 'attempt', attemptText)
        end

        """;

    // A retry's attempt (see CheckOwner; ARGV[7] unused). Returns {state, attempt}: "run" with the attempt number about to
    // start, or {'running'} when another delivery's entry holds the run: the run was re-queued while this worker's late
    // outcome write waited, and the re-delivery (same Hangfire job) claimed it; this retry must stand down, not take
    // the entry over, or the two would run the occurrence side by side. Optional KEYS[3] events stream and ARGV[9] event
    // type: the attempt's start is announced there, in the same step (a repeated claim announces nothing again).
    // KEYS[4] task hash: an entry written anew (its earlier one was taken by recovery) joins the task's list of runs in
    // flight (StoreScripts.RunInFlight).
    public static readonly string BeginAttempt = CheckOwner + "\n" + Contracts.Storage.StoreScripts.IndexSearch + "\n"
        + Contracts.Storage.StoreScripts.RunInFlight + "\n" + """
        local again = claimedBefore()
        if again then return {'run', again} end
        local refused = refusal()
        if refused then return refused end
        local entry = redis.call('HGET', KEYS[2], ARGV[1])
        local mine = ARGV[2] .. '|' .. ARGV[3] .. '|'
        if entry and string.sub(entry, 1, #mine) ~= mine then return {'running', 0} end
        start()
        if added then listRun(KEYS[4], ARGV[1], true) end
        announce(KEYS[3], ARGV[9])
        return {'run', attempt}
        """;

    // A delivery's first attempt (see CheckOwner; ARGV[7] "1" skips the in-flight check), plus KEYS[3] task hash,
    // KEYS[4] running index, KEYS[5] fired index. The run must not be in flight already ({'running'}: Hangfire handed
    // the same job to two workers), the task must still exist and not be cancelled ({'deleted'} / {'cancelled'}), and a
    // schedule's fire that no commit stood for must still be its task's next run ({'superseded'}: see below);
    // the ledger is then left untouched, but a run that is done or can no longer run leaves the fired index. Otherwise
    // counts the attempt, marks a scheduled task running (and indexes it) and returns {'run', attempt, status before,
    // task fields..., request}: claim, read and status change in one call. The request ("retry|ms|actor" or
    // "backfill|ms|actor", "" for a run the schedule fired) says who asked for the run by hand (SchedulerClient.Runs).
    // A task with a concurrency key or rate limit (field "flow") is not claimed unless ARGV[9] is "1" (the run passed
    // the flow gate): {'gate', 0, '', task fields..., ''}. Optional KEYS[6] events stream and ARGV[10] event type: the
    // attempt's start is announced there unless the task was running already (the run may then wait for the one before
    // it, and is announced when it starts: the caller's part). A sixth element "1": the run had waited at the flow gate
    // (ledger field "flowWait", FlowScripts.Pass) and is claimed without passing it, as its task no longer has flow
    // options: the caller gives up its place in line (FlowScripts.Forget); a repeated claim says so again, as the
    // reply to the first may have been lost before the caller acted on it. A seventh: who stopped the run by hand
    // (ledger field "stopped", RunScripts.StopRuns), "" when no one did: a re-delivery of a stopped run does not run it.
    // An eighth: the entry its job parked, taken over ("" for none). A ninth: the task's overlap cancelPrevious count
    // the run was fired under (ledger field "firedUnder", FiringScripts.CommitFires), "" when not noted or when the
    // task's replacing run has no fire that stood (see firedUnder below): with the task's count and replacing run (its
    // record, returned whole) the worker tells a run a newer one replaced before this claim, when no message reached it
    // (RunningAttempts.Registration.Claimed). A tenth: "1" for a schedule's fire claimed before Beat's commit of it wrote
    // its owner (a repeated claim, the reply to the first lost, says what the first found: ledger field "beforeFire"):
    // fired after every overlap cancelPrevious replace the count it is claimed under holds, none of which replaces it
    // (its own is raised by that commit, after this claim).
    // A task paused, or ended by the fire of its last occurrence (expired, completed), while a run of it goes on is
    // claimed as a running one's ("running" is the status before): a pause holds back only what is not fired yet, and
    // a run fired before it still meets the overlap policy (skip, queue). Of two runs claimed so, the second sees the
    // first: the check is in the claim's own step. A schedule's fire claimed before Beat's commit of it (which sets the
    // owner) is announced fired here, before its start; the commit then announces nothing (FiringScripts.CommitFires).
    public static readonly string BeginRun = CheckOwner + "\n" + Contracts.Storage.StoreScripts.IndexSearch + "\n"
        + Contracts.Storage.StoreScripts.RunInFlight + "\n" + $$"""
        -- The ninth element: the count the run was fired under, or "" (judged as if not noted) while the newer run the
        -- task's count names has no fire that stood. Beat raises the count in the fire's commit (or a trigger's reservation),
        -- but a Beat from before that raised an occurrence's count before it made the job and committed the fire, so a
        -- commit that did not stand (the task changed meanwhile) or never came (Beat died, and the occurrence was not fired
        -- again) left a count no run carries, and this run may be the newest there is (a rolling upgrade). A fire stood once
        -- its commit (or a worker's claim) set the ledger's owner, or a trigger's reservation its "fired". Read only for a
        -- run noted under a lower count than the task's and not the replacing run itself: other runs pay nothing.
        local function firedUnder(task)
          local noted = ledger[8]
          if not noted then return '' end
          local count, replacing = 0, nil
          for i = 1, #task, 2 do
            if task[i] == 'replacedRuns' then count = tonumber(task[i + 1]) or 0
            elseif task[i] == 'replacingRun' then replacing = task[i + 1] end
          end
          if (tonumber(noted) or 0) >= count or not replacing or replacing == ARGV[1] then return noted end
          local fire = redis.call('HMGET', string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[1]) .. replacing, 'owner', 'fired')
          if fire[2] or (fire[1] and fire[1] ~= '{{Contracts.Storage.StoreScripts.DeletedOwner}}') then return noted end
          return ''
        end
        -- Optional KEYS[7], ARGV[11] owner, ARGV[12] hold ms: the job's state lock, left held by its change to Processing,
        -- released here as HangfireRedisLock's own script would (put back when another holder has it), whatever the claim finds.
        {{Redis.RidingLockRelease.Lua("KEYS[7]", "ARGV[11]", "ARGV[12]")}}
        local again = claimedBefore()
        local stranded = (ledger[6] and ARGV[9] ~= '1') and '1' or ''
        if again then
          local record = redis.call('HGETALL', KEYS[3])
          return {'run', again, redis.call('HGET', KEYS[1], 'prev'), record, ledger[5] or '', stranded, ledger[7] or '', '', firedUnder(record), ledger[9] or ''}
        end
        local refused = refusal()
        local parkedPrefix = ARGV[2] .. '|{{InFlightRun.ParkedWorker}}|'
        if refused then
          if refused[1] == 'done' then redis.call('ZREM', KEYS[5], ARGV[1]) end
          -- A run that cannot go on takes with it the entry its job parked: nothing else would ever take that over.
          local held = redis.call('HGET', KEYS[2], ARGV[1])
          if refused[1] ~= 'duplicate' and held and string.sub(held, 1, #parkedPrefix) == parkedPrefix then
            redis.call('HDEL', KEYS[2], ARGV[1])
            listRun(KEYS[3], ARGV[1], false)
          end
          return refused
        end
        -- The in-flight check takes the entry in the same call (HSETNX); a refusal below gives it back. An entry this
        -- job parked while its retry's backoff passed (ParkRun) is taken over: the run is resumed, not run twice.
        local entered = ARGV[7] ~= '1'
        local parked = nil
        if entered and redis.call('HSETNX', KEYS[2], ARGV[1], inFlightEntry) == 0 then
          local held = redis.call('HGET', KEYS[2], ARGV[1])
          if not held or string.sub(held, 1, #parkedPrefix) ~= parkedPrefix then return {'running', 0} end
          parked = held
          redis.call('HSET', KEYS[2], ARGV[1], inFlightEntry)
        end
        local function giveBack()
          if parked then redis.call('HSET', KEYS[2], ARGV[1], parked) elseif entered then redis.call('HDEL', KEYS[2], ARGV[1]) end
        end
        -- The task is read once, whole: its status and flow fields decide, and the record is returned as it is left.
        local task = redis.call('HGETALL', KEYS[3])
        local status, flow, statusAt, listed, nextRun = nil, nil, nil, false, nil
        for i = 1, #task, 2 do
          if task[i] == 'status' then status, statusAt = task[i + 1], i + 1
          elseif task[i] == 'flow' then flow = task[i + 1]
          elseif task[i] == 'inFlightRuns' then listed = task[i + 1]
          elseif task[i] == 'nextRunAt' then nextRun = task[i + 1] end
        end
        if not status then giveBack() redis.call('ZREM', KEYS[5], ARGV[1]) return {'deleted', 0} end
        -- A parked retry of a task cancelled meanwhile is claimed, to be recorded cancelled (its attempt not started).
        if status == 'cancelled' and not parked then giveBack() redis.call('ZREM', KEYS[5], ARGV[1]) return {'cancelled', 0} end
        -- A schedule's fire (an id "taskId:dueMs", no one asked for it by hand) whose commit never stood: no owner yet.
        local dueMs = string.match(ARGV[1], ':(%d+)$')
        local uncommitted = not ledger[1] and (ledger[5] or '') == '' and dueMs
        -- Its schedule has moved past it, so its commit never will stand: another Beat's plan of the occurrence did not fire
        -- it (a misfire or overlap skip, max runs, an end), or Redis lost the commit after the job was made. The job its
        -- Beat made before the commit does nothing, or it would run beside (or beyond) what the plan that stood decided.
        -- Only within the ledger's life less a day: past that, a committed fire's ledger may have expired.
        if uncommitted and tonumber(nextRun or '') ~= tonumber(dueMs)
           and tonumber(ARGV[5]) - tonumber(dueMs) < (tonumber(ARGV[6]) - 86400) * 1000 then
          giveBack()
          return {'superseded', 0}
        end
        if ARGV[9] ~= '1' and flow == '1' then giveBack() return {'gate', 0, '', task, ''} end
        local before = status
        -- A record without the list (from before it) is searched once, here; the entry entered above is in the search.
        local known = runsInFlight(KEYS[2], ARGV[4], listed)
        if status ~= 'scheduled' and status ~= 'running' and runInFlight(KEYS[2], ARGV[4], ARGV[1], known) then before = 'running' end
        -- Beat queues a fire's job before it commits the fire: a worker that claims the run first (no owner yet, no one
        -- asked for it by hand, an id "taskId:dueMs") announces the fire itself, so its start never comes before it.
        if uncommitted and KEYS[6] and KEYS[6] ~= '' then
          redis.call('XADD', KEYS[6], 'MAXLEN', '~', '{{Contracts.Storage.EventStream.MaxLength}}', '*', 'type', '{{Contracts.Events.SchedulerEvents.Fired}}',
            'taskId', ARGV[4], 'at', ARGV[5], 'dueAt', dueMs)
        end
        local beforeFire = uncommitted and '1' or ''
        local announced = before ~= 'running' and not parked
        start(before, entered, beforeFire, announced and '0' or attemptText)
        if announced then announce(KEYS[6], ARGV[10]) end
        -- The run's entry is in the hash now (entered above, or by start): the task's list names it, in the same write.
        local nowListed = listedWith(known, ARGV[1])
        if status == 'scheduled' then
          redis.call('HSET', KEYS[3], 'status', 'running', 'inFlightRuns', nowListed)
          task[statusAt] = 'running'
        elseif nowListed ~= listed then
          redis.call('HSET', KEYS[3], 'inFlightRuns', nowListed)
        end
        if status == 'scheduled' or status == 'running' then redis.call('SADD', KEYS[4], ARGV[4]) end
        return {'run', attempt, before, task, ledger[5] or '', stranded, ledger[7] or '', parked or '', firedUnder(task), beforeFire}
        """;
}
