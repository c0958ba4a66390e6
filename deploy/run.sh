#!/usr/bin/env bash
# Sets up everything and runs the Recur server on a local PostgreSQL cluster (or on $DATABASE_URL if set).
#   deploy/run.sh            then: curl http://127.0.0.1:8080/healthz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/setup.sh
if [ -z "${DATABASE_URL:-}" ]; then
    eval "$(deploy/pg-local.sh env)"
fi
swift build -c release
echo "run: DATABASE_URL=$DATABASE_URL" >&2
exec .build/release/recur-server
