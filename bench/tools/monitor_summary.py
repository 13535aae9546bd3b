#!/usr/bin/env python3
"""Summarizes a bench MONITOR trace (--monitor FILE): commands per task by process, top level vs inside Lua.

usage: monitor_summary.py TRACE TASKS
Top-level commands are round trips unless pipelined; "lua" lines are calls made inside scripts (no round trip).
Lua calls are attributed to the connection that sent the preceding EVAL/EVALSHA.
"""
import collections, re, sys

trace, tasks = sys.argv[1], int(sys.argv[2])
names = {}
for line in open(trace + ".clients"):
    fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
    names[fields.get("addr")] = fields.get("name") or "bench-client"

line_re = re.compile(r'^[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"')
top = collections.Counter()
lua = collections.Counter()
last_script_sender = None
for line in open(trace, errors="replace"):
    m = line_re.match(line)
    if not m:
        continue
    addr, cmd = m.group(1), m.group(2).lower()
    if addr == "lua":
        lua[(names.get(last_script_sender, "?"), cmd)] += 1
        continue
    who = names.get(addr, "bench-client")
    if who.startswith("worker"):
        who = "worker"
    if cmd in ("eval", "evalsha"):
        last_script_sender = addr
    top[(who, cmd)] += 1

for title, counter in (("top-level (round trips unless pipelined)", top), ("inside Lua scripts", lua)):
    print(f"== {title}: {sum(counter.values()) / tasks:.1f} per task")
    by_process = collections.Counter()
    for (who, _), n in counter.items():
        by_process[who] += n
    for who, n in by_process.most_common():
        detail = ", ".join(f"{cmd} {c / tasks:.2f}" for (w, cmd), c in counter.most_common() if w == who)
        print(f"  {who:14} {n / tasks:6.1f}  {detail}")
