#!/usr/bin/env bash
# Installs the Node packages when they are missing or older than the lock file.
# Sourced by start.sh and test.sh, so a fresh clone needs nothing but Node.js 20 and npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# better-sqlite3 compiles from source here (no prebuilt download); build against the
# Node headers the machine ships instead of fetching them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing Node packages (npm ci; better-sqlite3 compiles in about a minute)..."
  npm ci --no-audit --no-fund
fi
