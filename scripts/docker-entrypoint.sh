#!/bin/sh
# Runs one Scheduler component inside the container: beat, worker, dashboard or cli.
set -e
component="${1:-}"
[ $# -gt 0 ] && shift
case "$component" in
  beat)      exec dotnet /app/beat/Scheduler.Beat.dll "$@" ;;
  worker)    exec dotnet /app/worker/Scheduler.Worker.dll "$@" ;;
  dashboard) exec dotnet /app/dashboard/Scheduler.Dashboard.dll "$@" ;;
  cli)       exec dotnet /app/cli/scheduler.dll "$@" ;;
  *) echo "usage: <beat|worker|dashboard|cli> [args...]; got \"$component\"" >&2; exit 2 ;;
esac
