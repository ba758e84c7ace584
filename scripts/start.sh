#!/usr/bin/env bash
# Installs what is missing, builds, and starts the server with the demo site.
# Extra arguments go to itmchat-server (see --help), e.g. npm start -- --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh

npm run --silent build
exec node packages/server/bin/itmchat-server.js "$@"
