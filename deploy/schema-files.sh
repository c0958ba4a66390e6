#!/usr/bin/env bash
# Regenerates sql/schema/tenant.sql and sql/schema/control.sql: each schema as its migrations leave it, in one
# readable file.
#   deploy/schema-files.sh        (needs the local cluster, or DATABASE_URL, and a debug build for recur-admin)
# The control schema first: `recur-admin migrate` with a scratch control schema (it also brings the shared schema,
# recur_shared, up to date: the tenant files' triggers call its functions). The tenant schema: sql/tenant/0*.sql
# replayed into a scratch schema. Each is dumped with pg_dump (no owners, no schema names); the tenant file gets the
# rows its migrations insert. StoreTests' SchemaBaselineTests prove both equal to what the migrations build: run
# this after adding a migration, then read the diff.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -n "${DATABASE_URL:-}" ] || eval "$(deploy/pg-local.sh env)"
tenant_scratch="recur_baseline_$$"
control_scratch="recur_control_baseline_$$"
trap 'psql -X -q "$DATABASE_URL" -c "DROP SCHEMA IF EXISTS $tenant_scratch CASCADE" -c "DROP SCHEMA IF EXISTS $control_scratch CASCADE" >/dev/null 2>&1 || true' EXIT
last_version() { ls "sql/$1/" | grep -E '^[0-9]{4}_.*\.sql$' | sort | tail -1 | sed -E 's/^0*([0-9]+)_.*/\1/'; }

[ -x .build/debug/recur-admin ] || swift build --product recur-admin >&2
RECUR_CONTROL_SCHEMA="$control_scratch" RECUR_SQL_DIR="$PWD/sql" .build/debug/recur-admin migrate >/dev/null
pg_dump --schema-only --no-owner --no-privileges --schema="$control_scratch" "$DATABASE_URL" \
    | python3 deploy/schema-files.py control "$control_scratch" "$(last_version control)" sql/control > sql/schema/control.sql
# The shared functions (control migration 0009 and later): recur_shared, one per database, which the run above
# created or brought up to date. Dumped for reading; SchemaBaselineTests compares it with the schema.
pg_dump --schema-only --no-owner --no-privileges --schema=recur_shared "$DATABASE_URL" \
    | python3 deploy/schema-files.py shared recur_shared "$(last_version control)" sql/control > sql/schema/shared.sql
{
    echo "CREATE SCHEMA $tenant_scratch;"
    for file in $(ls sql/tenant/ | grep -E '^[0-9]{4}_.*\.sql$' | sort); do
        echo "SELECT set_config('search_path', '$tenant_scratch', true);"
        cat "sql/tenant/$file"
        echo
    done
} | psql -X -q -1 -v ON_ERROR_STOP=1 "$DATABASE_URL" >/dev/null
pg_dump --schema-only --no-owner --no-privileges --schema="$tenant_scratch" "$DATABASE_URL" \
    | python3 deploy/schema-files.py tenant "$tenant_scratch" "$(last_version tenant)" sql/tenant > sql/schema/tenant.sql

wc -l sql/schema/tenant.sql sql/schema/control.sql sql/schema/shared.sql >&2
