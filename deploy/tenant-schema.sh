#!/usr/bin/env bash
# Regenerates sql/schema/tenant.sql: the tenant schema as every migration leaves it, in one readable file.
#   deploy/tenant-schema.sh        (needs the local cluster: deploy/pg-local.sh, or DATABASE_URL)
# It replays sql/tenant/0*.sql into a scratch schema, dumps it with pg_dump (no owners, no schema names), and
# appends the rows the migrations insert. StoreTests' TenantBaselineTests prove the file equal to the replay;
# run this after adding a tenant migration, then read the diff.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -n "${DATABASE_URL:-}" ] || eval "$(deploy/pg-local.sh env)"
scratch="recur_baseline_$$"
last=$(ls sql/tenant/ | grep -E '^[0-9]{4}_.*\.sql$' | sort | tail -1)
version=$((10#${last%%_*}))
trap 'psql -X -q "$DATABASE_URL" -c "DROP SCHEMA IF EXISTS $scratch CASCADE" >/dev/null 2>&1 || true' EXIT
{
    echo "CREATE SCHEMA $scratch;"
    for file in $(ls sql/tenant/ | grep -E '^[0-9]{4}_.*\.sql$' | sort); do
        echo "SELECT set_config('search_path', '$scratch', true);"
        cat "sql/tenant/$file"
        echo
    done
} | psql -X -q -1 -v ON_ERROR_STOP=1 "$DATABASE_URL" >/dev/null
pg_dump --schema-only --no-owner --no-privileges --schema="$scratch" "$DATABASE_URL" \
    | python3 deploy/tenant-schema.py "$scratch" "$version" sql/tenant > sql/schema/tenant.sql
echo "sql/schema/tenant.sql: baseline $version ($(wc -l < sql/schema/tenant.sql) lines)" >&2
