#!/usr/bin/env bash
# Every test: installs what is missing (Node packages, Chromium), builds, typechecks, then runs
# all mocha suites — unit, integration and headless-browser. The last line is
# "N passed, N failed, N skipped" (CI reads it); exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
source scripts/ensure-system.sh

npm run --silent build
npm run --silent typecheck
# The browser, cluster and crash suites start the CLI as a process and say far faster than a
# visitor may (the load and crash tests pipeline hundreds of lines): rate limits off for them;
# flood.test.ts tests the limits themselves on in-process servers.
export ITMCHAT_SAY_RATE="${ITMCHAT_SAY_RATE:-0}" ITMCHAT_COMMAND_RATE="${ITMCHAT_COMMAND_RATE:-0}"
npx mocha --config .mocharc.json "$@"
