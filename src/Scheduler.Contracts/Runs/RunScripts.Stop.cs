namespace Scheduler.Contracts.Runs;

internal static partial class RunScripts
{
    // KEYS: task hash, in-flight hash, (flow gate's waiting hash). ARGV: taskId, runId ("" = every run of the task in
    // flight), who stops them, run key prefix. Marks each run of the task in flight now, or waiting at a flow gate, (claimed and not done: running, waiting for a retry or for the run
    // before it) as stopped in its ledger (field "stopped"): the worker running it stops it and records it cancelled
    // (the channel tells it at once, its sweep reads the field within seconds, and a claim of it reads the field too),
    // and its outcome then settles the task as any run's end does, so the schedule goes on. Answers {'deleted'},
    // {'cancelled'} (a cancel stopped every run already) or {'ok', runId...} with the runs marked (none: nothing is in flight).
    public const string StopRuns = $$"""
        {{Storage.StoreScripts.IndexSearch}}
        {{Storage.StoreScripts.RunInFlight}}
        {{MarkStopped}}
        local task = redis.call('HMGET', KEYS[1], 'status', 'inFlightRuns')
        if not task[1] then return {'deleted'} end
        if task[1] == 'cancelled' then return {'cancelled'} end
        local stopped, seen = {'ok'}, {}
        for run in string.gmatch(runsInFlight(KEYS[2], ARGV[1], task[2] or false), '%S+') do
          if (ARGV[2] == '' or run == ARGV[2]) and markStopped(ARGV[4] .. run, ARGV[3]) then stopped[#stopped + 1] = run; seen[run] = true end
        end
        -- Runs waiting at a flow gate (a concurrency slot, a rate limit): marked alike, so when their turn comes the
        -- claim finds them stopped and they are recorded cancelled without running.
        if KEYS[3] then
          local waiting = fieldsStarting(KEYS[3], ARGV[1] .. ':')
          for i = 1, #waiting, 2 do
            local run = waiting[i]
            if not seen[run] and (ARGV[2] == '' or run == ARGV[2]) and markStopped(ARGV[4] .. run, ARGV[3]) then
              stopped[#stopped + 1] = run
              seen[run] = true
            end
          end
        end
        return stopped
        """;

    // ARGV: who stops them ("" takes the mark off), run key prefix, run ids. Marks each run not done as stopped (or
    // takes the mark off), whether or not it is in flight: its Hangfire job was deleted (or requeued) on Hangfire's
    // dashboard. Returns the runs marked.
    public const string MarkRuns = $$"""
        {{MarkStopped}}
        local marked = {}
        for i = 3, #ARGV do
          if markStopped(ARGV[2] .. ARGV[i], ARGV[1]) then marked[#marked + 1] = ARGV[i] end
        end
        return marked
        """;

    // markStopped(ledger, who): on the ledger of a run not done (it exists, no "done"), sets who stopped it (field
    // "stopped"; "" takes the mark off). Returns whether the run was not done.
    private const string MarkStopped = """
        local function markStopped(ledger, who)
          if redis.call('EXISTS', ledger) == 0 or redis.call('HEXISTS', ledger, 'done') == 1 then return false end
          if who == '' then redis.call('HDEL', ledger, 'stopped') else redis.call('HSET', ledger, 'stopped', who) end
          return true
        end
        """;

    // KEYS: task hash, in-flight hash. ARGV: taskId, run key prefix. The runs of the task in flight: {runId, in-flight
    // entry ("jobId|workerId|taskId|attempt|startedMs"), who stopped it or "", the ledger's "waiting" mark or ""} for each
    // (the mark names the claimed attempt while its handler has not started: RunLedgerScripts' claim writes it); {} for a
    // task that does not exist.
    public const string RunsInProgress = $$"""
        {{Storage.StoreScripts.IndexSearch}}
        {{Storage.StoreScripts.RunInFlight}}
        local listed = redis.call('HGET', KEYS[1], 'inFlightRuns')
        if not listed and redis.call('EXISTS', KEYS[1]) == 0 then return {} end
        local runs = {}
        for run in string.gmatch(runsInFlight(KEYS[2], ARGV[1], listed or false), '%S+') do
          local entry = redis.call('HGET', KEYS[2], run)
          if entry then
            runs[#runs + 1] = run
            runs[#runs + 1] = entry
            local ledger = redis.call('HMGET', ARGV[2] .. run, 'stopped', 'waiting')
            runs[#runs + 1] = ledger[1] or ''
            runs[#runs + 1] = ledger[2] or ''
          end
        end
        return runs
        """;
}
