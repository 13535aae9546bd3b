#!/usr/bin/env bash
# Runs every test: installs what is missing on a fresh Debian machine (redis-server), then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-test-prerequisites.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Distributed.sln -c Release --logger "console;verbosity=normal" --blame-hang-timeout 10m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  # The run's output is long; repeat what failed at the end, where a truncated log still shows it.
  echo
  echo "=== test run failed (exit $status); what failed: ==="
  grep -E -A12 '^\s+Failed [A-Za-z]|error [A-Z]+[0-9]+:|Test Run Aborted|The active test run was aborted' "$log" | cut -c1-400 | head -150 || true
fi
exit "$status"
