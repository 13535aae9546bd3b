#!/usr/bin/env bash
# Installs what the tests need and this machine lacks. Idempotent; skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# The Sentinel failover tests start three sentinels of their own.
command -v redis-sentinel >/dev/null 2>&1 || need+=(redis-sentinel)
# The TLS test makes its own CA and server certificate.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# The browser tests drive Debian's chromium through Playwright (which cannot download its own browsers here);
# without it they are skipped, not failed.
[ -x /usr/bin/chromium ] || [ -x /usr/lib/chromium/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "missing ${need[*]}: install with apt-get install -y ${need[*]} (needs root)" >&2
    exit 1
  fi
  sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd=sudo
  echo "installing ${need[*]} from Debian's packages..."
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A third-party MCP server for the MCP tests, installed from the npm registry here, never fetched by a test.
everything=tests/.tools/node_modules/@modelcontextprotocol/server-everything/dist/index.js
if [ ! -f "$everything" ] && command -v npm >/dev/null 2>&1; then
  echo "installing @modelcontextprotocol/server-everything into tests/.tools..."
  npm install --silent --no-audit --no-fund --prefix tests/.tools @modelcontextprotocol/server-everything@2026.8.31 >/dev/null \
    || echo "warning: could not install server-everything; its tests will be skipped" >&2
fi
