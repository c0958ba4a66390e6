#!/usr/bin/env bash
# Sets up everything and runs Recur's whole test suite against a real, local PostgreSQL.
#   deploy/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/setup.sh
eval "$(deploy/pg-local.sh env)"
export RECUR_PG_LOCAL="$PWD/deploy/pg-local.sh"
echo "test: DATABASE_URL=$DATABASE_URL" >&2

swift build --build-tests
swift test --skip-build "$@"
