#!/usr/bin/env bash
# Runs the whole system locally: Redis (yours, or an embedded local one), Beat, two Workers and the Dashboard.
#   ./run.sh            start everything; Ctrl-C stops everything this script started
#   ./run.sh --demo     also schedule a few sample tasks
#   ./run.sh --no-build start what is already built (Release)
# Redis: $SCHEDULER_REDIS if set, else a server already answering on localhost:6379, else an EMBEDDED LOCAL
# redis-server started by this script on 127.0.0.1:6379 with its data (AOF) in ./.run/redis.
# Ctrl-C (or SIGTERM) stops Beat, Workers and Dashboard first (SIGTERM, then SIGKILL after $SCHEDULER_STOP_TIMEOUT
# seconds, 30 by default), so workers hand back their jobs and remove their heartbeats while Redis still answers;
# the embedded Redis, if this script started it, stops last. Also read: $SCHEDULER_RUN_DIR (default .run),
# $SCHEDULER_EMBEDDED_REDIS_PORT (6379), $Scheduler__Dashboard__Port (5555).
set -euo pipefail
cd "$(dirname "$0")"

demo=0
build=1
workers=2
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    --no-build) build=0 ;;
    --workers=*) workers="${arg#--workers=}" ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option \"$arg\"; accepted: --demo, --no-build, --workers=N" >&2; exit 2 ;;
  esac
done
case "$workers" in ''|*[!0-9]*) echo "run.sh: --workers=\"$workers\" is not a whole number" >&2; exit 2 ;; esac
stop_timeout="${SCHEDULER_STOP_TIMEOUT:-30}"
case "$stop_timeout" in ''|*[!0-9]*) echo "run.sh: SCHEDULER_STOP_TIMEOUT=\"$stop_timeout\" is not a whole number of seconds" >&2; exit 2 ;; esac
redis_port="${SCHEDULER_EMBEDDED_REDIS_PORT:-6379}"
dashboard_port="${Scheduler__Dashboard__Port:-5555}"

run_dir="${SCHEDULER_RUN_DIR:-.run}"
mkdir -p "$run_dir/logs" "$run_dir/redis"
run_dir="$(cd "$run_dir" && pwd)"
app_pids=()   # beat, workers, dashboard: stopped first
app_names=()
redis_pid=""  # the embedded redis-server, only when this script started it: stopped last

# Children run in their own session: a Ctrl-C in the terminal reaches only this script, which then stops them in
# order. (Sharing the terminal's process group, redis-server would take the SIGINT itself and quit at once.)
# (setsid execs in place: a background child is no group leader, so $! stays the component's own pid.)
spawn=()
if command -v setsid >/dev/null 2>&1; then spawn=(setsid); fi

# "return 0", not "return": in the stop, which runs from a signal's trap, a bare return gives the status from before the
# trap (143), and set -e then ends the script half-way through stopping.
name_of() { local i; for i in "${!app_pids[@]}"; do [ "${app_pids[$i]}" = "$1" ] && { echo "${app_names[$i]}"; return 0; }; done; echo "embedded redis-server"; }

# SIGTERM, then wait up to $1 seconds for all of them, then SIGKILL whoever is left. Names only what it stops: one that
# had already exited (a worker that crashed) is said to have, not to be stopped.
stop_group() {
  local timeout=$1; shift
  local alive=() names=() exited=() pid
  for pid in "$@"; do
    if kill -TERM "$pid" 2>/dev/null; then alive+=("$pid"); names+=("$(name_of "$pid")"); else exited+=("$(name_of "$pid") (pid $pid)"); fi
  done
  if [ ${#exited[@]} -gt 0 ]; then
    local list; list=$(printf '%s, ' "${exited[@]}")
    echo "already exited: ${list%, } (see $run_dir/logs/)"
  fi
  [ ${#alive[@]} -eq 0 ] && return 0
  echo "stopping ${names[*]} (pid ${alive[*]}), up to ${timeout}s..."
  local deadline=$((SECONDS + timeout))
  while [ $SECONDS -lt "$deadline" ]; do
    local left=()
    for pid in "${alive[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    [ ${#left[@]} -eq 0 ] && break
    alive=("${left[@]}")
    sleep 0.2
  done
  for pid in "${alive[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: $(name_of "$pid") (pid $pid) still running after ${timeout}s, killing it" >&2
      # A worker's shell tasks run in process groups of their own, which it can no longer stop once killed.
      local children
      children=$(pgrep -P "$pid" 2>/dev/null || true)
      kill -KILL "$pid" 2>/dev/null || true
      for child in $children; do kill -KILL -- "-$child" 2>/dev/null || kill -KILL "$child" 2>/dev/null || true; done
    fi
  done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

cleanup() {
  trap - EXIT
  # A second Ctrl-C must not abandon the ordered stop half-way (the components would outlive the script).
  trap 'echo "run.sh: still stopping; stragglers get SIGKILL after ${stop_timeout}s" >&2' INT TERM HUP
  echo
  if [ ${#app_pids[@]} -gt 0 ]; then stop_group "$stop_timeout" "${app_pids[@]}"; fi
  if [ -n "$redis_pid" ]; then stop_group 10 "$redis_pid"; fi
  echo "stopped."
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

redis_answers() { (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if [ -n "${SCHEDULER_REDIS:-}" ]; then
  # Shown with passwords masked, as the processes themselves show it.
  echo "redis: using SCHEDULER_REDIS=$(printf '%s' "$SCHEDULER_REDIS" | sed -E 's|(rediss?://[^:@/?#]*:).*@|\1*****@|I; s/((^|[,?&])[[:space:]]*(password|sentinelPassword)[[:space:]]*=)[^,&]*/\1*****/Ig')"
elif redis_answers 127.0.0.1 "$redis_port"; then
  export SCHEDULER_REDIS="localhost:$redis_port"
  echo "redis: using the server already running on localhost:$redis_port"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "redis: redis-server missing, installing it from Debian's packages..."
      apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
    else
      echo "run.sh: no Redis: install one (sudo apt-get install -y redis-server) or set SCHEDULER_REDIS=host:port" >&2
      exit 1
    fi
  fi
  # hash-max-listpack-value 1024: task records stay compact listpacks (half the memory, less CPU; bench/README.md).
  "${spawn[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run_dir/redis" --appendonly yes --save '' \
    --hash-max-listpack-value 1024 --logfile "$run_dir/logs/redis.log" &
  redis_pid=$!
  export SCHEDULER_REDIS="localhost:$redis_port"
  for _ in $(seq 50); do redis_answers 127.0.0.1 "$redis_port" && break; sleep 0.1; done
  echo "redis: EMBEDDED LOCAL redis-server on localhost:$redis_port (pid $redis_pid, data in $run_dir/redis, AOF on)"
fi

if [ "$build" = 1 ]; then
  echo "building (Release)..."
  dotnet build Distributed.sln -c Release -v quiet -nologo >"$run_dir/logs/build.log" 2>&1 \
    || { echo "run.sh: build failed, see $run_dir/logs/build.log" >&2; tail -20 "$run_dir/logs/build.log" >&2; exit 1; }
fi

start() {
  local name=$1; shift
  "${spawn[@]}" dotnet "$@" >"$run_dir/logs/$name.log" 2>&1 &
  app_pids+=($!)
  app_names+=("$name")
  echo "started $name (pid $!, log $run_dir/logs/$name.log)"
}
bin() { echo "src/$1/bin/Release/net10.0/$2.dll"; }
start beat "$(bin Scheduler.Beat Scheduler.Beat)"
for i in $(seq "$workers"); do start "worker$i" "$(bin Scheduler.Worker Scheduler.Worker)"; done
start dashboard "$(bin Scheduler.Dashboard Scheduler.Dashboard)"

cli() { dotnet "$(bin Scheduler.Cli scheduler)" "$@"; }
# Each request bounded: bash runs a signal's trap only once the command in the foreground ends, so a health request
# left hanging would hold off the stop of a Ctrl-C.
for _ in $(seq 100); do
  if curl -fsS --max-time 2 "http://localhost:$dashboard_port/health" >/dev/null 2>&1; then break; fi
  for pid in "${app_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: a process exited at start; see $run_dir/logs/" >&2; tail -n 3 "$run_dir"/logs/*.log >&2; exit 1; }
  done
  sleep 0.2
done

if [ "$demo" = 1 ]; then
  # Scheduling checks that a live worker offers the task, so wait until one has advertised itself (healthy = beat + worker).
  for _ in $(seq 100); do curl -fsS --max-time 2 "http://localhost:$dashboard_port/health" 2>/dev/null | grep -q '"healthy"' && break; sleep 0.2; done
  cli schedule notification "in 10 seconds" --message "Hello from the demo" --name demo-once
  cli schedule notification "every 30 seconds" --message "Demo heartbeat" --name demo-every-30s --id demo-heartbeat
  cli schedule notification "every weekday at 9am" --message "Stand-up" --name demo-standup --id demo-standup
fi

echo
echo "Dashboard: http://localhost:$dashboard_port   (API: /api/schedules, health: /health)"
echo "CLI:       dotnet $(bin Scheduler.Cli scheduler) list"
echo "Ctrl-C stops everything this script started (Redis last)."
# Returns when a signal arrives (its trap exits, and the EXIT trap stops everything) or when every child has ended.
wait
