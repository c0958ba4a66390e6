#!/usr/bin/env bash
# Tenant benchmark (not run by CI): provisioning time per tenant, and `tenant list` / `migrate` (no-op) with
# many tenants: wall time and peak memory.
#
#   bench/tenants/run.sh                 # 1,000 measured + 9,000 more = 10,000 tenants
#   MEASURED=200 TOTAL=2000 bench/tenants/run.sh
#   KEEP=1 bench/tenants/run.sh          # keep the recur_bench database afterwards
#   SPARES=0 bench/tenants/run.sh        # measured tenants build their schema (no spare schemas ready)
#
# Uses a separate database, recur_bench, in the local cluster (deploy/pg-local.sh), created and dropped with psql
# as the `recur` role (which has CREATEDB), so the test database is never touched.
#
# The first MEASURED tenants go through the real path, TenantService.create, one at a time (one transaction
# each: row, CREATE SCHEMA, every tenant migration, seed, first key). The other TOTAL - MEASURED are made by a
# faster path (FAST=1, the default): set-based SQL that inserts their control rows, copies the migration
# records of a real tenant (same versions and checksums), adds one API key each and creates each schema
# empty. `tenant list` and a no-op `migrate` read only the control schema, so these "hollow" tenants weigh on
# them exactly like real ones (a migrate that had work to do would fail on them: their schemas have no
# tables). FAST=0 creates them through the real path too, on BULK_THREADS connections (≈ 55 ms each with the
# current tenant migrations, and ≈ 1.2 MB of disk each).
# Results are printed and saved under bench/tenants/results/ (git-ignored).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
MEASURED=${MEASURED:-1000}
TOTAL=${TOTAL:-10000}
BULK_THREADS=${BULK_THREADS:-2}
FAST=${FAST:-1}

"$root/deploy/pg-local.sh" start >/dev/null
base_url=$("$root/deploy/pg-local.sh" url)
bench_url="${base_url%/*}/recur_bench"

echo "building (release)…" >&2
build() { "$@" >"$here/.build/build.log" 2>&1 || { tail -n 30 "$here/.build/build.log" >&2; exit 1; }; }
mkdir -p "$here/.build"
build swift build -c release --package-path "$root" --product recur-admin --scratch-path "$here/.build/admin"
build swift build -c release --package-path "$here"
admin="$here/.build/admin/release/recur-admin"
bench="$here/.build/release/tenant-bench"

psql "$base_url" -v ON_ERROR_STOP=1 -qX -c "DROP DATABASE IF EXISTS recur_bench" -c "CREATE DATABASE recur_bench"
cleanup() { [ "${KEEP:-}" = 1 ] || psql "$base_url" -qX -c "DROP DATABASE IF EXISTS recur_bench" >/dev/null 2>&1 || true; }
trap cleanup EXIT
export DATABASE_URL="$bench_url"

mkdir -p "$here/results"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$*" | tee -a "$out"; }

log "# tenant benchmark $(date -u +%FT%TZ), $(nproc) cores, PostgreSQL $(psql "$bench_url" -AtXc 'SHOW server_version')"
log "# load average before: $(cut -d" " -f1-3 /proc/loadavg)"
log "# tenant migrations: $(ls "$root/sql/tenant" | tr '\n' ' ')"
"$admin" migrate >/dev/null

log ""
log "## one empty tenant built from the baseline: catalogue rows and bytes"
"$bench" provision 1 probe 1 >/dev/null
psql "$bench_url" -AtX -F ': ' <<'SQL' | tee -a "$out"
SELECT 'relations', count(*) FROM pg_class WHERE relnamespace = 'tenant_probe_0'::regnamespace
UNION ALL SELECT 'indexes', count(*) FROM pg_class WHERE relnamespace = 'tenant_probe_0'::regnamespace AND relkind = 'i'
UNION ALL SELECT 'toast_tables', count(*) FROM pg_class WHERE relnamespace = 'tenant_probe_0'::regnamespace AND reltoastrelid <> 0
UNION ALL SELECT 'triggers_declared', count(*) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    WHERE c.relnamespace = 'tenant_probe_0'::regnamespace AND NOT g.tgisinternal
UNION ALL SELECT 'triggers_all_rows', count(*) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    WHERE c.relnamespace = 'tenant_probe_0'::regnamespace
UNION ALL SELECT 'functions', count(*) FROM pg_proc WHERE pronamespace = 'tenant_probe_0'::regnamespace
UNION ALL SELECT 'constraints', count(*) FROM pg_constraint WHERE connamespace = 'tenant_probe_0'::regnamespace
UNION ALL SELECT 'bytes', sum(pg_total_relation_size(oid))::bigint FROM pg_class
    WHERE relnamespace = 'tenant_probe_0'::regnamespace AND relkind IN ('r', 'S', 'm')
SQL

if [ "${SPARES:-1}" = 1 ]; then
    log ""
    log "## $MEASURED spare schemas built ahead (the server's keeper does this in the background; SPARES=0 skips)"
    "$bench" spares "$MEASURED" | tee -a "$out"
fi

log ""
log "## provision $MEASURED tenants, one at a time (TenantService.create)"
"$bench" provision "$MEASURED" m 1 | tee -a "$out"

extra=$((TOTAL - MEASURED))
if [ "$extra" -gt 0 ] && [ "$FAST" = 1 ]; then
    log ""
    log "## $extra more through the faster path (hollow tenants: control rows, migration records, key, empty schema)"
    start=$(date +%s.%N)
    psql "$bench_url" -v ON_ERROR_STOP=1 -qX -v n="$extra" <<'SQL'
BEGIN;
INSERT INTO recur_control.tenants (slug, display_name, schema_name, time_zone, base_currency)
SELECT 'h-' || g, 'Hollow tenant ' || g, 'tenant_h_' || g, 'Europe/Paris', 'EUR' FROM generate_series(1, :n) AS g;
INSERT INTO recur_control.schema_migrations (schema_name, version, file_name, checksum)
SELECT t.schema_name, m.version, m.file_name, m.checksum
FROM recur_control.tenants t
CROSS JOIN (SELECT version, file_name, checksum FROM recur_control.schema_migrations WHERE schema_name = 'tenant_m_0') AS m
WHERE t.slug LIKE 'h-%';
INSERT INTO recur_control.api_keys (tenant_id, prefix, key_hash, label)
SELECT id, substr(md5(random()::text), 1, 8), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'default'
FROM recur_control.tenants WHERE slug LIKE 'h-%';
SELECT format('CREATE SCHEMA %I', 'tenant_h_' || g) FROM generate_series(1, :n) AS g \gexec
COMMIT;
SQL
    log "hollow_seconds: $(echo "$(date +%s.%N) - $start" | bc)"
elif [ "$extra" -gt 0 ]; then
    log ""
    log "## provision $extra more on $BULK_THREADS connections (same path)"
    "$bench" provision "$extra" b "$BULK_THREADS" | tee -a "$out"
fi
psql "$bench_url" -qX -c "VACUUM ANALYZE recur_control.tenants, recur_control.schema_migrations, recur_control.api_keys"
log "tenants: $(psql "$bench_url" -AtXc "SELECT count(*) FROM recur_control.tenants WHERE status = 'active'")"
log "database_size: $(psql "$bench_url" -AtXc "SELECT pg_size_pretty(pg_database_size('recur_bench'))")"

# Wall time and peak RSS of one CLI run, from /usr/bin/time -v.
measure() {
    local label=$1; shift
    local stats
    "$admin" "$@" >/dev/null 2>&1 || true  # warm-up run (page cache, catalog cache)
    stats=$(/usr/bin/time -v "$admin" "$@" 2>&1 >/dev/null | grep -E "Elapsed|Maximum resident|Exit status")
    local wall rss status
    wall=$(echo "$stats" | sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p')
    rss=$(echo "$stats" | sed -n 's/.*Maximum resident set size (kbytes): //p')
    status=$(echo "$stats" | sed -n 's/.*Exit status: //p')
    log "$label: wall $wall, peak RSS $((rss / 1024)) MiB, exit $status"
}

log ""
log "## recur-admin with $TOTAL tenants (second of two runs; /usr/bin/time -v)"
measure "tenant list" tenant list
measure "tenant list --json" tenant list --json
measure "migrate --dry-run" migrate --dry-run
measure "migrate (no-op)" migrate

log ""
log "## in-process (TenantService.list, MigrationRunner.plan/run)"
"$bench" inprocess | tee -a "$out"
log "# load average after: $(cut -d" " -f1-3 /proc/loadavg)"
echo "saved $out" >&2
