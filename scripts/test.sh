#!/usr/bin/env bash
# Every test: installs what is missing (Node packages, Chromium, redis-server, nginx), builds,
# typechecks, lints, checks the formatting, then runs all mocha suites — unit, integration,
# cluster and headless-browser. The last line is "N passed, N failed, N skipped" (CI reads it);
# exits non-zero on any failure.
# Arguments, if any, replace the spec files: `npm test -- test/resume.test.ts`.
set -euo pipefail
cd "$(dirname "$0")/.."
# A failure before mocha runs (install, build, typecheck, lint, format) still ends with the line CI reads.
trap 'echo "0 passed, 1 failed, 0 skipped"' ERR
source scripts/ensure-deps.sh
source scripts/ensure-system.sh

npm run --silent build
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
trap - ERR
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=('packages/*/test/**/*.test.ts' 'test/**/*.test.ts')
npx mocha --config .mocharc.json "${specs[@]}"
