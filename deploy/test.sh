#!/usr/bin/env bash
# Sets up everything and runs Recur's whole test suite against a real, local PostgreSQL.
#   deploy/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/setup.sh
eval "$(deploy/pg-local.sh env)"
export RECUR_PG_LOCAL="$PWD/deploy/pg-local.sh"
# The suite gets its own database in the cluster, so the tenants its API tests create in the standard control
# schema never show up in deploy/run.sh's database (nor get their EOD run by its workers).
test_url="${DATABASE_URL%/*}/recur_test"
psql -X -q "$test_url" -c "SELECT 1" >/dev/null 2>&1 || psql -X -q "$DATABASE_URL" -c "CREATE DATABASE recur_test"
export DATABASE_URL="$test_url"
echo "test: DATABASE_URL=$DATABASE_URL" >&2

swift build --build-tests
swift test --skip-build "$@"
