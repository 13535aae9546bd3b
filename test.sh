#!/usr/bin/env bash
# Runs every test: installs what is missing on a fresh Debian machine (redis-server), then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-test-prerequisites.sh
dotnet test Distributed.sln -c Release --logger "console;verbosity=normal" "$@"
