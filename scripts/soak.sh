#!/usr/bin/env bash
# Fault soak (not part of CI): 2 Beats, 3 Workers and the Dashboard as child processes under a supervisor, against a
# private Redis (AOF everysec), over a mixed workload while every fault is injected in turn for N minutes: worker
# kill -9 and SIGTERM, one Beat and all Beats kill -9, Redis restart, kill -9, SIGSTOP stall and refused writes.
# Counts every occurrence from what the work itself reported (shell lines, webhook deliveries) and prints the table.
#   scripts/soak.sh            10 minutes
#   scripts/soak.sh --minutes 3
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    *) echo "unknown argument \"$1\"; expected --minutes <n>" >&2; exit 2 ;;
  esac
done
./scripts/install-test-prerequisites.sh
dotnet build tests/Scheduler.IntegrationTests -c Release -v quiet
out=tests/Scheduler.IntegrationTests/bin/Release/net10.0
rm -f "$out/soak.txt"
status=0
SCHEDULER_SOAK_MINUTES="$minutes" dotnet test tests/Scheduler.IntegrationTests -c Release --no-build \
  --filter "FullyQualifiedName~FaultSuiteTests.Soak" --logger "console;verbosity=normal" || status=$?
echo
echo "soak report ($out/soak.txt, every occurrence in $out/fault-soak-occurrences.csv):"
cat "$out/soak.txt" 2>/dev/null || echo "(no report: the run did not get that far)"
exit $status
