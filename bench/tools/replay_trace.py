#!/usr/bin/env python3
"""Replays a bench MONITOR trace (--monitor FILE) into a private redis-server and reports what the commands cost Redis.

usage: replay_trace.py TRACE TASKS [--runs N] [--scripts] [--cpu CORE] [--server-arg=ARG ...] [--instructions]
                       [--transform FILE.py] [SHA=variant.lua ...]

Redis's CPU per task in an e2e run moves by 20-40 % from run to run on a shared machine; replaying the same trace's
top-level commands (calls made inside scripts are left to the scripts) from one connection, pipelined, gives Redis the
same work each time, within a few percent. So it compares the Redis side of two builds, or of two forms of a script,
without the rest of the system's noise. It does not reproduce round trips: every process's commands arrive over one
connection, so reading, parsing and writing cost less than in the run the trace came from.

TRACE.scripts/<sha>.lua holds the bodies of the scripts the trace calls (the bench writes them). SHA=FILE replays
calls of script SHA with FILE's body instead. --scripts adds each script's time per task (SLOWLOG at 0 µs, which
itself costs Redis about as much again: read the shares, not the sums). --cpu pins redis-server to a core (taskset).
--server-arg adds a redis-server argument (repeat it: --server-arg=--hash-max-listpack-value --server-arg=1024), to
compare the server's own settings on the same work.
--instructions runs redis-server under valgrind (cachegrind, no cache simulation) and reports the instructions it
executed in user space per task (its start-up included, a constant): about 50 times slower, but the same within about
1 % from run to run whatever else the machine is doing, where the CPU time moves by 2x on a loaded machine. The kernel's
work (replies over loopback) is not in it. --transform FILE.py replays transform(args) (a list of bytes; None drops
the command) instead of each command: what a change of arguments would save, measured before it is made. With
REPLAY_KEEP_COUNTS=FILE in the environment, --instructions also copies cachegrind's counts there, for cg_annotate
(where the instructions went, by function).
The first command of the trace may find keys written before it began (the warm-up's); they are missing here.
"""
import argparse, collections, os, re, shutil, socket, subprocess, sys, time

SKIPPED = {b'INFO', b'MONITOR', b'CLIENT', b'SUBSCRIBE', b'UNSUBSCRIBE', b'PSUBSCRIBE', b'PUNSUBSCRIBE', b'PING',
           b'HELLO', b'AUTH', b'CONFIG', b'SLOWLOG', b'ECHO', b'CLUSTER', b'COMMAND', b'MULTI'}
ESCAPES = {'n': b'\n', 'r': b'\r', 't': b'\t', 'a': b'\a', 'b': b'\b', '"': b'"', '\\': b'\\'}
ARGUMENT = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unescape(text):
    """Undoes MONITOR's quoting (sdscatrepr: \\n, \\", \\xHH, ...)."""
    out, i = bytearray(), 0
    while i < len(text):
        if text[i] == '\\':
            if text[i + 1] == 'x':
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
            out += ESCAPES.get(text[i + 1], text[i + 1].encode('latin-1'))
            i += 2
            continue
        out.append(ord(text[i]))
        i += 1
    return bytes(out)


def parse(path):
    """Top-level commands in order. MONITOR shows MULTI when it arrives and a transaction's commands when EXEC runs
    them, just before the EXEC line; a client sends nothing else between its MULTI and EXEC (StackExchange.Redis writes
    a transaction whole), so MULTI goes back in front of the first command of that client after it."""
    commands, open_multi = [], set()
    for line in open(path, encoding='latin-1'):
        end = line.find('] ')
        if end < 0 or line[:end].endswith(' lua'):
            continue
        client = line[line.find('[') + 1:end]
        args = [unescape(m.group(1)) for m in ARGUMENT.finditer(line, end)]
        if not args:
            continue
        name = args[0].upper()
        if name == b'MULTI':
            open_multi.add(client)
            continue
        if name in SKIPPED or name == b'GET' and args[1].endswith(b'stats:succeeded'):
            continue  # GET: the bench's own completion poll
        if client in open_multi:
            open_multi.discard(client)
            if name != b'EXEC':
                commands.append([b'MULTI'])
            else:
                continue  # an empty transaction
        commands.append(args)
    return commands


def encode(args):
    return b'*%d\r\n' % len(args) + b''.join(b'$%d\r\n%s\r\n' % (len(a), a) for a in args)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.file = self.sock.makefile('rb')

    def read(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind in (b'+', b'-'):
            return (kind == b'-', rest)
        if kind == b':':
            return int(rest)
        if kind == b'$':
            n = int(rest)
            return None if n < 0 else self.file.read(n + 2)[:-2]
        if kind == b'*':
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError(f'unexpected reply {line!r}')

    def call(self, *args):
        self.sock.sendall(encode([a if isinstance(a, bytes) else str(a).encode() for a in args]))
        return self.read()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def info(conn, section):
    text = conn.call('INFO', section).decode()
    return dict(line.split(':', 1) for line in text.split('\r\n') if ':' in line)


def replay_once(commands, bodies, options):
    port = free_port()
    argv = ['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
            '--loglevel', 'warning'] + options.server_arg
    counted = None
    if options.instructions:
        counted = f'/tmp/replay-trace-{port}.cachegrind'
        argv = ['valgrind', '--tool=cachegrind', '--cache-sim=no', f'--cachegrind-out-file={counted}'] + argv
    if options.cpu is not None and shutil.which('taskset'):
        argv = ['taskset', '-c', str(options.cpu)] + argv
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    try:
        for _ in range(1000):  # valgrind starts slowly
            try:
                conn = Connection(port)
                break
            except OSError:
                time.sleep(0.05)
        loaded = {sha.encode(): conn.call('SCRIPT', 'LOAD', body) for sha, body in bodies.items()}
        script_of = {new: old for old, new in loaded.items()}
        conn.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0' if options.scripts else '-1')
        conn.call('CONFIG', 'SET', 'slowlog-max-len', '2000000')
        conn.call('CONFIG', 'RESETSTAT')
        before = info(conn, 'cpu')
        errors = collections.Counter()
        for i in range(0, len(commands), 50):
            chunk = commands[i:i + 50]
            conn.sock.sendall(b''.join(encode([loaded.get(a[1], a[1]) if j == 1 and a[0].upper() == b'EVALSHA' else x
                                               for j, x in enumerate(a)]) for a in chunk))
            for args in chunk:
                reply = conn.read()
                if isinstance(reply, tuple) and reply[0]:
                    errors[(args[0].decode(), reply[1][:50].decode(errors='replace'))] += 1
        after = info(conn, 'cpu')
        cpu = sum(float(after[k]) - float(before[k]) for k in ('used_cpu_user', 'used_cpu_sys'))
        stats = {}
        for name, value in info(conn, 'commandstats').items():
            m = re.match(r'calls=(\d+),usec=(\d+)', value)
            if m and name.startswith('cmdstat_'):
                stats[name[8:]] = (int(m.group(1)), int(m.group(2)))
        scripts = collections.Counter()
        if options.scripts:
            for entry in conn.call('SLOWLOG', 'GET', '2000000'):
                args = entry[3]
                if args[0].upper() == b'EVALSHA':
                    scripts[script_of.get(args[1], args[1]).decode()[:8]] += entry[2]
        if counted:
            try:
                conn.call('SHUTDOWN', 'NOSAVE')  # cachegrind writes its counts as the server exits
            except (RuntimeError, OSError):
                pass
    finally:
        if counted:
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        server.kill()
        server.wait()
    instructions = 0
    if counted and os.path.exists(counted):
        for line in open(counted):
            if line.startswith('summary:'):
                instructions = float(line.split()[1])
        if os.environ.get('REPLAY_KEEP_COUNTS'):  # for cg_annotate: where the instructions went, by function
            shutil.copy(counted, os.environ['REPLAY_KEEP_COUNTS'])
        os.remove(counted)
    return cpu, stats, scripts, errors, instructions


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('trace')
    parser.add_argument('tasks', type=int)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--scripts', action='store_true')
    parser.add_argument('--cpu', type=int)
    parser.add_argument('--instructions', action='store_true')
    parser.add_argument('--transform')
    parser.add_argument('--server-arg', action='append', default=[])
    parser.add_argument('variants', nargs='*', help='SHA=FILE')
    options = parser.parse_intermixed_args()

    folder = options.trace + '.scripts'
    bodies = {}
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            bodies[name[:-4]] = open(os.path.join(folder, name), 'rb').read()
    for variant in options.variants:
        sha, path = variant.split('=', 1)
        match = [k for k in bodies if k.startswith(sha)]
        if len(match) != 1:
            sys.exit(f'{sha}: names {len(match)} of the trace\'s scripts ({", ".join(sorted(bodies))})')
        bodies[match[0]] = open(path, 'rb').read()
    commands = parse(options.trace)
    if options.transform:
        import importlib.util
        spec = importlib.util.spec_from_file_location('transform', options.transform)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        commands = [c for c in map(module.transform, commands) if c is not None]
    print(f'{options.trace}: {len(commands)} commands, {len(commands) / options.tasks:.1f} per task, '
          f'{sum(len(a) for c in commands for a in c) / options.tasks:,.0f} argument bytes per task')

    runs = [replay_once(commands, bodies, options) for _ in range(options.runs)]
    cpus = sorted(r[0] for r in runs)
    median = runs[[r[0] for r in runs].index(cpus[len(cpus) // 2])]
    print(f'Redis CPU per task: median {cpus[len(cpus) // 2] / options.tasks * 1e6:.1f} µs '
          f'(runs: {", ".join(f"{c / options.tasks * 1e6:.1f}" for c in (r[0] for r in runs))})')
    if options.instructions:
        counts = sorted(r[4] for r in runs)
        print(f'Redis instructions per task (user space, cachegrind): median {counts[len(counts) // 2] / options.tasks / 1e3:,.1f} k '
              f'(runs: {", ".join(f"{r[4] / options.tasks / 1e3:,.1f}" for r in runs)})')
    stats = median[1]
    top = sorted(((u, n, k) for k, (n, u) in stats.items() if k not in ('config', 'info', 'slowlog', 'script')),
                 reverse=True)[:12]
    print('  execution µs per task: ' + ', '.join(f'{k} {u / options.tasks:.1f}' for u, n, k in top))
    if options.scripts:
        print('  scripts, µs per task (slowlog on): ' +
              ', '.join(f'{k} {v / options.tasks:.1f}' for k, v in median[2].most_common()))
    for (command, error), count in median[3].most_common(5):
        print(f'  {count} × {command}: {error}')


if __name__ == '__main__':
    main()
