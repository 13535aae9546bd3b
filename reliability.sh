#!/usr/bin/env bash
# Runs the reliability suite (real processes, real Redis) and prints one line per fault.
#   ./reliability.sh          the CI-sized variant (also part of ./test.sh)
#   ./reliability.sh --full   1,000 jobs across 3 workers, 2,000 hostile specs
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-test-prerequisites.sh
[ "${1:-}" = "--full" ] && export SCHEDULER_RELIABILITY_FULL=1
report=tests/Scheduler.IntegrationTests/bin/Release/net10.0/reliability.txt
rm -f "$report"
dotnet test tests/Scheduler.IntegrationTests -c Release --filter "Category=Reliability" --logger "console;verbosity=minimal"
echo
echo "reliability report ($report):"
cut -d' ' -f2- "$report"
