#!/usr/bin/env python3
"""Prices batched job completions on a bench MONITOR trace before building them (bench README, "Fifty-first pass").

usage: batch_completions_price.py TRACE TASKS --batch N [--merge] [--one-script] [--runs R] [--instructions]

Rewrites the worker's final state changes the way a background completion loop would send them, then replays the
result as replay_trace.py does (same server, same measure). Per job today: the state lock and the job's read (SET NX +
HGETALL, pipelined behind the outcome script), a MULTI/EXEC with Succeeded's writes and the thread's next fetch, then
the lock's release script and the fetch's acknowledge script. Rewritten: the next fetch stays where it was (the
worker thread still fetches, right after its outcome), and every N jobs' locks and reads, their Succeeded writes in one
MULTI/EXEC, then their releases and acknowledges are sent together. --merge also folds the per-job INCRs into one
INCRBY per counter, the ZREMs from the processing set and the LPUSHes onto the succeeded list into one command each;
--one-script sends a batch's lock releases and acknowledges as one script call (the same calls inside it).
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_trace as rt  # noqa: E402

RELEASE = b'6a0d42c5'   # HangfireRedisLock's release script
ACK = b'ea5abe17'       # SchedulerFetchedJob's acknowledge script
FETCH = b'bb981e9c'     # JobPrefetches' fetch ahead

BATCH_SCRIPT = b"""
local n = tonumber(ARGV[1])
for i = 1, n do
  local lock, job, fetched = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local owner = redis.call('GETDEL', lock)
  if owner and owner ~= ARGV[3 * i - 1] then redis.call('SET', lock, owner, 'PX', 30000) end
  if (redis.call('HGET', job, 'Fetched') or '') == ARGV[3 * i + 1] then
    redis.call('LREM', fetched, -1, ARGV[3 * i])
    redis.call('HDEL', job, 'Fetched', 'Checked')
  end
end
return 0
"""


def is_final_lock(c):
    return c[0].upper() == b'SET' and c[1].endswith(b':state-lock') and b':' in c[2] and b'NX' in c


def rewrite(commands, batch, merge, one_script, bodies, drop=False):
    import hashlib
    batch_sha = hashlib.sha1(BATCH_SCRIPT).hexdigest().encode()
    if one_script:
        bodies[batch_sha.decode()] = BATCH_SCRIPT
    out, pending_locks, pending_writes, pending_after, jobs = [], [], [], [], 0
    final_jobs = set()
    i = 0

    def flush():
        nonlocal jobs, pending_locks, pending_writes, pending_after
        if not jobs:
            return
        if drop:
            pending_locks, pending_writes, pending_after, jobs = [], [], [], 0
            return
        out.extend(pending_locks)
        writes = pending_writes
        if merge:
            counters, zrem, lpush, rest = {}, {}, {}, []
            for c in writes:
                name = c[0].upper()
                if name == b'INCR':
                    counters[c[1]] = counters.get(c[1], 0) + 1
                elif name == b'ZREM' and c[1].endswith(b':processing'):
                    zrem.setdefault(c[1], []).extend(c[2:])
                elif name == b'LPUSH' and c[1].endswith(b':succeeded'):
                    lpush.setdefault(c[1], []).extend(c[2:])
                else:
                    rest.append(c)
            writes = ([[b'INCRBY', k, str(v).encode()] for k, v in counters.items()]
                      + [[b'ZREM', k] + v for k, v in zrem.items()] + [[b'LPUSH', k] + v for k, v in lpush.items()] + rest)
        out.append([b'MULTI'])
        out.extend(writes)
        out.append([b'EXEC'])
        if one_script:
            keys, argv = [], []
            releases = {c[3]: c for c in pending_after if c[1].startswith(RELEASE)}
            for c in pending_after:
                if not c[1].startswith(ACK):
                    continue
                job_key, fetched_list, job_id, fetched_at = c[3], c[4], c[5], c[6]
                lock_key = job_key + b':state-lock'
                owner = releases.get(lock_key, [b'', b'', b'', b'', b''])[4]
                keys += [lock_key, job_key, fetched_list]
                argv += [owner, job_id, fetched_at]
            out.append([b'EVALSHA', batch_sha, str(len(keys)).encode()] + keys + [str(len(keys) // 3).encode()] + argv)
        else:
            out.extend(pending_after)
        pending_locks, pending_writes, pending_after, jobs = [], [], [], 0

    while i < len(commands):
        c = commands[i]
        name = c[0].upper()
        if is_final_lock(c):
            job = c[1][:-len(b':state-lock')]
            final_jobs.add(c[1])
            pending_locks.append(c)
            if i + 1 < len(commands) and commands[i + 1][0].upper() == b'HGETALL' and commands[i + 1][1] == job:
                pending_locks.append(commands[i + 1])
                i += 1
            i += 1
            continue
        if name == b'MULTI':
            j = i + 1
            while commands[j][0].upper() != b'EXEC':
                j += 1
            body = commands[i + 1:j]
            if any(b[0].upper() == b'HSET' and b[2:4] == [b'State', b'Succeeded'] for b in body):
                for b in body:
                    if b[0].upper() == b'EVALSHA' and b[1].startswith(FETCH):
                        out.append(b)  # the thread's own next fetch, sent at once
                    else:
                        pending_writes.append(b)
                jobs += 1
                if jobs >= batch:
                    flush()
                i = j + 1
                continue
            out.extend(commands[i:j + 1])
            i = j + 1
            continue
        if name == b'EVALSHA' and c[1].startswith(RELEASE) and c[3] in final_jobs:
            pending_after.append(c)
            i += 1
            continue
        if name == b'EVALSHA' and c[1].startswith(ACK):
            pending_after.append(c)
            i += 1
            continue
        out.append(c)
        i += 1
    flush()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('trace')
    parser.add_argument('tasks', type=int)
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--merge', action='store_true')
    parser.add_argument('--one-script', action='store_true')
    parser.add_argument('--drop', action='store_true', help='leaves the final state changes out altogether: what they cost at most')
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--instructions', action='store_true')
    options = parser.parse_args()
    options.cpu, options.scripts, options.server_arg = None, False, []
    folder = options.trace + '.scripts'
    bodies = {name[:-4]: open(os.path.join(folder, name), 'rb').read() for name in os.listdir(folder)}
    commands = rt.parse(options.trace)
    if options.batch > 1 or options.merge or options.one_script or options.drop:
        commands = rewrite(commands, options.batch, options.merge, options.one_script, bodies, options.drop)
    print(f'{options.trace} batch {options.batch} merge {options.merge} one-script {options.one_script} drop {options.drop}: '
          f'{len(commands)} commands, {len(commands) / options.tasks:.1f} top-level per task')
    runs = [rt.replay_once(commands, bodies, options) for _ in range(options.runs)]
    cpus = [r[0] / options.tasks * 1e6 for r in runs]
    print(f'  Redis CPU µs per task: {", ".join(f"{c:.1f}" for c in cpus)}')
    if options.instructions:
        print(f'  Redis instructions per task (k): {", ".join(f"{r[4] / options.tasks / 1e3:,.1f}" for r in runs)}')
    for (command, error), count in runs[0][3].most_common(5):
        print(f'  {count} × {command}: {error}')


if __name__ == '__main__':
    main()
