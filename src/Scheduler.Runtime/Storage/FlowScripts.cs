namespace Scheduler.Runtime.Storage;

/// <summary>
/// Lua scripts of the flow gate: an occurrence whose task has a concurrency key or rate limit passes the gate before
/// the worker claims its run. Each check-and-take is one call, so two workers never both take the last slot.
/// </summary>
/// <remarks>
/// Order: a run that must wait gets a number from one counter shared by every key, and joins the waiters of each of
/// its keys under that number; a free slot or start goes to the lowest numbers first. One counter for all keys means
/// a run waiting on two keys is ahead of (or behind) another on both, so two runs never wait on each other.
/// </remarks>
internal static class FlowScripts
{
    private const string Common = """
        local function split(s)
          local t, i = {}, 1
          while true do
            local j = string.find(s, '|', i, true)
            if not j then t[#t + 1] = string.sub(s, i) return t end
            t[#t + 1] = string.sub(s, i, j - 1)
            i = j + 1
          end
        end

        -- A line's mark in a waiter's entry: the waiter lines it last joined. A run whose task changed its keys while
        -- it waited joins the new lines; where an old line meets it, it is dropped from that line rather than counted.
        local function mark(wkey) return string.sub(redis.sha1hex(wkey), 1, 16) end
        local function waits_in(parts, m)
          if parts[6] == nil then return true end
          return parts[6] == m or parts[7] == m
        end

        -- A run leaves the concurrency line `line` (its waiters key), where it had number `seq`. A release there may have
        -- woken it, and it is not going to take that slot: returns "jobId|queue" of the waiter behind it to wake in its
        -- place, or '' (else that one would wait for its back-stop with a slot free). Woken for a slot not free after
        -- all, that waiter parks again.
        local function leave(waiting, line, seq, run)
          redis.call('ZREM', line, run)
          local m = mark(line)
          for _, member in ipairs(redis.call('ZRANGEBYSCORE', line, '(' .. seq, '+inf', 'LIMIT', 0, 16)) do
            local other = redis.call('HGET', waiting, member)
            local parts = other and split(other)
            if parts and waits_in(parts, m) then return parts[4] .. '|' .. parts[5] end
            redis.call('ZREM', line, member)
          end
          return ''
        end

        """;

    // KEYS: [1] waiting hash, [2] order counter, [3] task hash, [4] slots, [5] concurrency waiters, [6] starts,
    // [7] rate waiters, [8] the run's ledger (field "flowWait" while it waits: a claim that meets it without the gate
    // passed, the task's flow options removed meanwhile, has the caller forget the wait). ARGV: [1] runId, [2] now ms,
    // [3] slot lease ms, [4] stale waiter ms, [5] jobId, [6] queue, [7] concurrency limit (0: none), [8] rate count
    // (0: none), [9] rate period ms, [10] "take", "peek" or "front", [11] concurrency label, [12] rate label. "front" takes
    // as "take" does, for a retry of a run that holds its slots: it goes before every waiter (number 0), as one behind it
    // may wait for the very slot that run holds, and two runs would then wait on each other for ever.
    // A run that already holds its slot or counted its start (a re-delivery after its worker died or its run was
    // re-queued) passes again without taking another. Waiters not seen for the stale time (their job was deleted or
    // their worker died while they waited) are dropped when they stand in the way; one parked until its rate turn counts
    // as seen at that turn.
    // Returns {'go', ms waited or -1, hand-off} or {'wait', first wait ms, waiters ahead, waiters, rate retry ms or 0, new 1/0,
    // label, hand-off}. Hand-off: "jobId|queue" of a waiter to wake, or '' (a run that left a concurrency line, below).
    // An entry's fields: seq|first|seen|jobId|queue|concurrency mark|rate mark|concurrency line (its waiters key or '-').
    public const string Pass = Common + """
        local run, now, lease, stale = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local climit, rcount, rper = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
        local take = ARGV[10] ~= 'peek'
        local info = redis.call('HGET', KEYS[1], run)
        local seq, first, oldLine
        if info then
          local parts = split(info)
          seq, first, oldLine = tonumber(parts[1]), tonumber(parts[2]), parts[8]
        end
        if ARGV[10] == 'front' then seq = 0 end
        local cmark = climit > 0 and mark(KEYS[5]) or '-'
        local rmark = rcount > 0 and mark(KEYS[7]) or '-'
        local cline = climit > 0 and KEYS[5] or '-'
        -- A run whose task changed its concurrency key while it waited leaves its old line now.
        local handoff = ''
        if take and oldLine and oldLine ~= '-' and oldLine ~= cline then handoff = leave(KEYS[1], oldLine, seq, run) end
        local function ahead(wkey, m, free)
          local n, r = 0, 0
          while n < free do
            local item = redis.call('ZRANGE', wkey, r, r, 'WITHSCORES')
            if #item == 0 or item[1] == run then return n end
            if seq and tonumber(item[2]) >= seq then return n end
            local other = redis.call('HGET', KEYS[1], item[1])
            local parts = other and split(other) or {}
            local seen = tonumber(parts[3] or '0')
            if other and not waits_in(parts, m) then
              redis.call('ZREM', wkey, item[1])
            elseif seen < now - stale then
              redis.call('ZREM', wkey, item[1])
              if other then redis.call('HDEL', KEYS[1], item[1]) end
            else
              n, r = n + 1, r + 1
            end
          end
          return n
        end
        local cok, cheld = true, false
        if climit > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
          if redis.call('ZSCORE', KEYS[4], run) then cheld = true
          else
            local free = climit - redis.call('ZCARD', KEYS[4])
            cok = free > 0 and ahead(KEYS[5], cmark, free) < free
          end
        end
        local rok, rdone, retry = true, false, 0
        if rcount > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now - rper)
          if redis.call('ZSCORE', KEYS[6], run) then rdone = true
          else
            local used = redis.call('ZCARD', KEYS[6])
            local free = rcount - used
            rok = free > 0 and ahead(KEYS[7], rmark, free) < free
            if not rok then
              -- This run's start comes when the k-th oldest start leaves the window, k counting those ahead of it.
              local before = seq and redis.call('ZCOUNT', KEYS[7], '-inf', '(' .. seq) or redis.call('ZCARD', KEYS[7])
              local k = before + 1 - math.max(free, 0)
              local s = k >= 1 and redis.call('ZRANGE', KEYS[6], k - 1, k - 1, 'WITHSCORES') or {}
              retry = s[2] and (tonumber(s[2]) + rper) or (now + rper)
            end
          end
        end
        if cok and rok then
          if take then
            if climit > 0 then
              redis.call('ZADD', KEYS[4], now + lease, run)
              redis.call('PEXPIRE', KEYS[4], lease * 4)
              redis.call('ZREM', KEYS[5], run)
            end
            if rcount > 0 then
              if not rdone then redis.call('ZADD', KEYS[6], now, run) end
              redis.call('PEXPIRE', KEYS[6], rper * 2)
              redis.call('ZREM', KEYS[7], run)
            end
            if info then
              redis.call('HDEL', KEYS[1], run)
              redis.call('HDEL', KEYS[3], 'waitingFor', 'waitingSince', 'waitingCount')
              redis.call('HDEL', KEYS[8], 'flowWait')
            end
          end
          return {'go', first and (now - first) or -1, handoff}
        end
        local label, wkey = ARGV[11], KEYS[5]
        if cok then label, wkey = ARGV[12], KEYS[7] end
        if not take then return {'wait', first or now, 0, 0, retry, 0, label, ''} end
        local new = 0
        if not first then
          seq, first, new = seq or redis.call('INCR', KEYS[2]), now, 1
        end
        -- Seen now, or at its turn if a rate limit puts that later: a run parked until its turn (which may be an hour
        -- away) is not stale while it waits for it, and keeps its place against runs that come meanwhile.
        redis.call('HSET', KEYS[1], run, seq .. '|' .. first .. '|' .. math.max(now, retry) .. '|' .. ARGV[5] .. '|' .. ARGV[6] .. '|' .. cmark .. '|' .. rmark .. '|' .. cline)
        if climit > 0 then redis.call('ZADD', KEYS[5], 'NX', seq, run) end
        if rcount > 0 then redis.call('ZADD', KEYS[7], 'NX', seq, run) end
        -- Only on a ledger that exists (a fired run's, with its expiry): a field alone would make one that never expires.
        if new == 1 and redis.call('EXISTS', KEYS[8]) == 1 then redis.call('HSET', KEYS[8], 'flowWait', '1') end
        local count = redis.call('ZCARD', wkey)
        local before = redis.call('ZCOUNT', wkey, '-inf', '(' .. seq)
        if redis.call('EXISTS', KEYS[3]) == 1 then
          redis.call('HSET', KEYS[3], 'waitingFor', label, 'waitingCount', count)
          redis.call('HSETNX', KEYS[3], 'waitingSince', first)
        end
        return {'wait', first, before, count, retry, new, label, handoff}
        """;

    // KEYS: [1] slots, [2] concurrency waiters, [3] waiting hash. ARGV: runId, now ms, limit. Frees the run's slot and
    // returns "jobId|queue" of the waiters that may now take a slot, for the caller to wake.
    public const string Release = Common + """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]))
        local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
        local wake = {}
        if free <= 0 then return wake end
        local m, r = mark(KEYS[2]), 0
        while #wake < free do
          local member = redis.call('ZRANGE', KEYS[2], r, r)[1]
          if not member then break end
          local info = redis.call('HGET', KEYS[3], member)
          local parts = info and split(info)
          if parts and waits_in(parts, m) then
            wake[#wake + 1] = parts[4] .. '|' .. parts[5]
            r = r + 1
          else
            -- It gave up its place, was dropped as stale, or waits in other lines now: not one to wake.
            redis.call('ZREM', KEYS[2], member)
          end
        end
        return wake
        """;

    // KEYS: [1] slots. ARGV: runId, lease end ms, lease ms. Extends the run's lease while it runs, and the key's expiry
    // with it (set when a slot is taken; a run longer than that would otherwise lose its slot with the key, and the
    // next waiter would start beside it). A run that no longer holds its slot (its lease ran out while its worker
    // stalled, or Redis lost the key) still runs: it takes its slot back, so later runs count it, and 0 says so.
    public const string Renew = """
        local held = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 4)
        if held then return 1 end
        return 0
        """;

    // KEYS: [1] waiting hash, [2] task hash, [3] the run's ledger. ARGV: runId. A run that will never pass (its task was
    // cancelled or deleted while it waited, or lost its flow options) gives up its place at once: waiters without an
    // entry are dropped when met. Returns the hand-off of `leave` for its concurrency line ('' for none, or for an entry
    // written by older code, which does not name its line).
    public const string Forget = Common + """
        redis.call('HDEL', KEYS[3], 'flowWait')
        local info = redis.call('HGET', KEYS[1], ARGV[1])
        if not info then return '' end
        redis.call('HDEL', KEYS[1], ARGV[1])
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('HDEL', KEYS[2], 'waitingFor', 'waitingSince', 'waitingCount')
        end
        local parts = split(info)
        if parts[8] == nil or parts[8] == '-' then return '' end
        return leave(KEYS[1], parts[8], parts[1], ARGV[1])
        """;
}
