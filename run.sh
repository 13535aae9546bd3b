#!/usr/bin/env bash
# Runs the whole system locally: Redis (yours, or an embedded local one), Beat, two Workers and the Dashboard.
#   ./run.sh            start everything; Ctrl-C stops everything this script started
#   ./run.sh --demo     also schedule a few sample tasks
# Redis: $SCHEDULER_REDIS if set, else a server already answering on localhost:6379, else an EMBEDDED LOCAL
# redis-server started by this script on 127.0.0.1:6379 with its data (AOF) in ./.run/redis.
set -euo pipefail
cd "$(dirname "$0")"

demo=0
workers=2
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    --workers=*) workers="${arg#--workers=}" ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option \"$arg\"; accepted: --demo, --workers=N" >&2; exit 2 ;;
  esac
done

run_dir=.run
mkdir -p "$run_dir/logs" "$run_dir/redis"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "stopping ${#pids[@]} process(es)..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

redis_answers() { (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if [ -n "${SCHEDULER_REDIS:-}" ]; then
  # Shown with passwords masked, as the processes themselves show it.
  echo "redis: using SCHEDULER_REDIS=$(printf '%s' "$SCHEDULER_REDIS" | sed -E 's#(rediss?://[^:@/?]*:)[^/?]*@#\1*****@#I; s/((^|[,?&])[[:space:]]*(password|sentinelPassword)[[:space:]]*=)[^,&]*/\1*****/Ig')"
elif redis_answers 127.0.0.1 6379; then
  export SCHEDULER_REDIS=localhost:6379
  echo "redis: using the server already running on localhost:6379"
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
  redis-server --port 6379 --bind 127.0.0.1 --dir "$PWD/$run_dir/redis" --appendonly yes --save '' \
    --logfile "$PWD/$run_dir/logs/redis.log" &
  pids+=($!)
  export SCHEDULER_REDIS=localhost:6379
  for _ in $(seq 50); do redis_answers 127.0.0.1 6379 && break; sleep 0.1; done
  echo "redis: EMBEDDED LOCAL redis-server on localhost:6379 (data in $run_dir/redis, AOF on)"
fi

echo "building (Release)..."
dotnet build Distributed.sln -c Release -v quiet -nologo >"$run_dir/logs/build.log" 2>&1 \
  || { echo "run.sh: build failed, see $run_dir/logs/build.log" >&2; tail -20 "$run_dir/logs/build.log" >&2; exit 1; }

start() {
  local name=$1; shift
  dotnet "$@" >"$run_dir/logs/$name.log" 2>&1 &
  pids+=($!)
  echo "started $name (pid $!, log $run_dir/logs/$name.log)"
}
bin() { echo "src/$1/bin/Release/net10.0/$2.dll"; }
start beat "$(bin Scheduler.Beat Scheduler.Beat)"
for i in $(seq "$workers"); do start "worker$i" "$(bin Scheduler.Worker Scheduler.Worker)"; done
start dashboard "$(bin Scheduler.Dashboard Scheduler.Dashboard)"

cli() { dotnet "$(bin Scheduler.Cli scheduler)" "$@"; }
for _ in $(seq 100); do
  if curl -fsS http://localhost:5555/health >/dev/null 2>&1; then break; fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: a process exited at start; see $run_dir/logs/" >&2; tail -n 3 "$run_dir"/logs/*.log >&2; exit 1; }
  done
  sleep 0.2
done

if [ "$demo" = 1 ]; then
  cli schedule notification "in 10 seconds" --message "Hello from the demo" --name demo-once
  cli schedule notification "every 30 seconds" --message "Demo heartbeat" --name demo-every-30s --id demo-heartbeat
  cli schedule notification "every weekday at 9am" --message "Stand-up" --name demo-standup --id demo-standup
fi

echo
echo "Dashboard: http://localhost:5555   (API: /api/schedules, health: /health)"
echo "CLI:       dotnet $(bin Scheduler.Cli scheduler) list"
echo "Ctrl-C stops everything this script started."
wait
