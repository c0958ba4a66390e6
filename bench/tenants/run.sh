#!/usr/bin/env bash
# Tenant benchmark (not run by CI): provisioning time per tenant, and `tenant list` / `migrate` (no-op) with
# many tenants: wall time and peak memory.
#
#   bench/tenants/run.sh                 # 1,000 measured + 9,000 more = 10,000 tenants
#   MEASURED=200 TOTAL=2000 bench/tenants/run.sh
#   KEEP=1 bench/tenants/run.sh          # keep the recur_bench database afterwards
#   SPARES=0 bench/tenants/run.sh        # measured tenants build their schema (no spare schemas ready)
#   FAST=0 KEEP=1 BENCH_DB=recur_bench_x bench/tenants/run.sh   # every tenant real; then the migration and EOD passes
#   REUSE=1 FAST=0 BENCH_DB=recur_bench_x bench/tenants/run.sh  # those again on the kept database (no provisioning)
#   LOAD_SECONDS=20 LOAD_WARMUP_SECONDS=5 LOAD_CONNECTIONS=16 LOAD_ROUNDS=2 …  # the mixed API load phase (FAST=0; LOAD=0 skips it)
#   LOAD_SERVER_ENV="RECUR_DB_POOL_SIZE=32 RECUR_DB_MAX_TENANTS_PER_CONNECTION=1000" …  # the server's settings for it
#   PG_LOCAL=/path/to/deploy/pg-local.sh …                     # another checkout's cluster
#
# Uses a separate database, BENCH_DB (default recur_bench), in the local cluster (deploy/pg-local.sh), created and dropped with psql
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
# With FAST=0 (every tenant real) three more phases run (LOAD=0, MIGRATE=0, EOD=0 skip them):
# - a mixed API load (wrk, bench/tenants/load.lua: 85 % reads — parties, invoices, trial balance, settings — and 15 %
#   party creations) against a release recur-server, each request to a tenant drawn at random either from 10 tenants
#   or from all of them, the two alternated LOAD_ROUNDS times in the same run: req/s and p99 of each, their ratios
#   (goal: p99 all/10 ≤ 1.2, req/s all/10 ≥ 0.8), the largest backend's private memory (RssAnon, sampled every
#   0.5 s) and the server's peak RSS;
# - a migration across every tenant: a throwaway tenant migration (one column and one index on `invoices`) in a copy
#   of sql/ (RECUR_SQL_DIR), applied by `recur-admin migrate`; it never reaches the repository;
# - two EOD passes by `recur-worker eod` (release, default concurrency): an idle one (nothing due anywhere), then one
#   with one tenant in ten given a recurring invoice setup due on the pass's as-of date.
# Results are printed and saved under bench/tenants/results/ (git-ignored).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
MEASURED=${MEASURED:-1000}
TOTAL=${TOTAL:-10000}
BULK_THREADS=${BULK_THREADS:-2}
FAST=${FAST:-1}
BENCH_DB=${BENCH_DB:-recur_bench}
pg_local=${PG_LOCAL:-$root/deploy/pg-local.sh}

bash "$pg_local" start >/dev/null
base_url=$(bash "$pg_local" url)
bench_url="${base_url%/*}/$BENCH_DB"

echo "building (release)…" >&2
build() { "$@" >"$here/.build/build.log" 2>&1 || { tail -n 30 "$here/.build/build.log" >&2; exit 1; }; }
mkdir -p "$here/.build"
if [ "${BUILD:-1}" = 1 ]; then  # BUILD=0: use the binaries built before
    build swift build -c release --package-path "$root" --product recur-admin --scratch-path "$here/.build/admin"
    build swift build -c release --package-path "$root" --product recur-worker --scratch-path "$here/.build/admin"
    build swift build -c release --package-path "$root" --product recur-server --scratch-path "$here/.build/admin"
    build swift build -c release --package-path "$here"
fi
admin="$here/.build/admin/release/recur-admin"
worker="$here/.build/admin/release/recur-worker"
server="$here/.build/admin/release/recur-server"
bench="$here/.build/release/tenant-bench"

[ "${REUSE:-0}" = 1 ] || psql "$base_url" -v ON_ERROR_STOP=1 -qX -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
cleanup() { [ "${KEEP:-}" = 1 ] || psql "$base_url" -qX -c "DROP DATABASE IF EXISTS $BENCH_DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
export DATABASE_URL="$bench_url"
pgdata=$(psql "${base_url%/*}/$BENCH_DB" -AtXc "SELECT setting FROM pg_settings WHERE name = 'data_directory'" 2>/dev/null || true)
disk() { df -h --output=used,avail "${pgdata:-/}" | tail -1 | awk '{print "used " $1 ", available " $2}'; }

mkdir -p "$here/results"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$*" | tee -a "$out"; }

log "# tenant benchmark $(date -u +%FT%TZ), $(nproc) cores, PostgreSQL $(psql "$bench_url" -AtXc 'SHOW server_version')"
log "# load average before: $(cut -d" " -f1-3 /proc/loadavg)"
log "# tenant migrations: $(ls "$root/sql/tenant" | tr '\n' ' ')"
log "# disk of the cluster's file system before: $(disk)"
if [ "${REUSE:-0}" != 1 ]; then
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
fi  # REUSE
tenant_count=$(psql "$bench_url" -AtXc "SELECT count(*) FROM recur_control.tenants WHERE status = 'active'")
log "tenants: $tenant_count"
log "database_size: $(psql "$bench_url" -AtXc "SELECT pg_size_pretty(pg_database_size('$BENCH_DB'))")"
log "# disk of the cluster's file system after provisioning: $(disk)"
psql "$bench_url" -AtX -F ': ' <<'SQL' | tee -a "$out"
SELECT 'catalogue_pg_class_rows', count(*) FROM pg_class
UNION ALL SELECT 'catalogue_pg_attribute_rows', count(*) FROM pg_attribute
UNION ALL SELECT 'catalogue_pg_constraint_rows', count(*) FROM pg_constraint
UNION ALL SELECT 'catalogue_pg_trigger_rows', count(*) FROM pg_trigger
UNION ALL SELECT 'catalogue_pg_namespace_rows', count(*) FROM pg_namespace
UNION ALL SELECT 'catalogue_bytes', sum(pg_total_relation_size(oid))::bigint FROM pg_class
    WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r'
SQL

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
log "## recur-admin with $tenant_count tenants (second of two runs; /usr/bin/time -v)"
measure "tenant list" tenant list
measure "tenant list --json" tenant list --json
measure "migrate --dry-run" migrate --dry-run
measure "migrate (no-op)" migrate

log ""
log "## in-process (TenantService.list, MigrationRunner.plan/run)"
"$bench" inprocess | tee -a "$out"

# One timed CLI run (no warm-up): prints "wall W, user U s, sys S s, peak RSS M MiB, exit E"; its stdout goes to $2.
timed() {
    local stdout=$1; shift
    /usr/bin/time -v "$@" 2>&1 >"$stdout" | awk -F': ' '
        /Elapsed/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2} /Exit status/ {e=$2}
        END {printf "wall %s, user %s s, sys %s s, peak RSS %d MiB, exit %s", w, u, s, r/1024, e}'
}

# One `recur-worker eod --as-of DAY` over every tenant, and its runs' durations from the run log.
eod_pass() {
    local label=$1 day=$2
    log "$label: load average before $(cut -d" " -f1-3 /proc/loadavg)"
    log "$label: $(timed "$here/.build/eod.log" "$worker" eod --as-of "$day"); $(tail -n 1 "$here/.build/eod.log")"
    psql "$bench_url" -AtX -F ', ' -v day="$day" <<'SQL' | sed "s/^/$label: /" | tee -a "$out"
SELECT 'runs ' || count(*), 'posted ' || coalesce(sum((counts->>'invoice_setups')::int), 0),
       'run_ms p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       'p99 ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       'first start to last end ' || round(extract(epoch FROM max(finished_at) - min(started_at))::numeric, 2) || ' s'
FROM (SELECT counts, started_at, finished_at, extract(epoch FROM finished_at - started_at) * 1000 AS ms
      FROM recur_control.eod_runs WHERE as_of = :'day' AND status = 'succeeded') r
SQL
}

if [ "$FAST" = 0 ] && [ "${EOD:-1}" = 1 ]; then
    today=$(TZ=Europe/Paris date +%F)
    idle_day=$(date -d "$today -2 day" +%F)
    due_day=$(date -d "$today -1 day" +%F)
    log ""
    log "## EOD over all $tenant_count tenants (recur-worker eod, release, default concurrency $(nproc))"
    eod_pass "idle pass (as of $idle_day)" "$idle_day"
    # One tenant in ten (by id): a customer and a monthly setup whose first occurrence is the next pass's as-of date.
    psql "$bench_url" -qX -v ON_ERROR_STOP=1 -v day="$due_day" <<'SQL'
SELECT format($f$SET search_path TO %1$I;
INSERT INTO parties (kind, name, email, control_account_id, payment_terms_days, currency)
SELECT 'customer', 'Customer', 'billing@example.test', id, 14, 'EUR' FROM accounts WHERE role = 'accountsReceivable';
INSERT INTO recurring_invoice_setups (party_id, mode, amount, description, income_account_id, payment_terms_days,
    currency, statement_reference, schedule)
SELECT p.id, 'amount', 100, 'Subscription', a.id, 14, 'EUR', 'Invoice for {RIMonth}-{RIYear}',
       '{"kind":"monthly","interval":1,"start":"%2$s","count":12}'::jsonb
FROM parties p, (SELECT id FROM accounts WHERE role = 'salesIncome') a$f$, schema_name, :'day')
FROM (SELECT schema_name, row_number() OVER (ORDER BY id) AS n FROM recur_control.tenants WHERE status = 'active') t
WHERE n % 10 = 0 \gexec
SQL
    eod_pass "10 % due (as of $due_day)" "$due_day"
fi

if [ "$FAST" = 0 ] && [ "${LOAD:-1}" = 1 ]; then
    command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
    port=${PORT:-18099}
    keys_all="$here/.build/keys-all.txt" keys_few="$here/.build/keys-10.txt"
    log ""
    log "## mixed API load over all $tenant_count tenants vs 10 (wrk -t2 -c${LOAD_CONNECTIONS:-16}, ${LOAD_SECONDS:-20} s a run, bench/tenants/load.lua)"
    log "keys: $("$bench" keys "$keys_all")"
    shuf -n 10 "$keys_all" > "$keys_few"
    # LOAD_SERVER_ENV: more settings for the server, e.g. "RECUR_DB_POOL_SIZE=32 RECUR_DB_MAX_TENANTS_PER_CONNECTION=1000".
    log "server settings: ${LOAD_SERVER_ENV:-defaults}"
    # shellcheck disable=SC2086
    env DATABASE_URL="$bench_url" RECUR_LOG=off RECUR_MIGRATE=check HOST=127.0.0.1 PORT="$port" ${LOAD_SERVER_ENV:-} "$server" \
        > "$here/.build/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
    # The largest private memory (RssAnon, kB) of the bench database's backends while one run lasts.
    sample_backends() {
        local peak=0 pid kb
        while [ -e "$here/.build/sampling" ]; do
            for pid in $(psql "$bench_url" -AtXc "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()"); do
                kb=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
                [ "${kb:-0}" -gt "$peak" ] && peak=$kb
            done
            sleep 0.5
        done
        echo "$peak"
    }
    # The server's pool counters: tenant borrows that met their slot, a warm other connection or a cold one, and
    # connections retired (space-separated, in that order).
    pool_counters() {
        curl -fsS "http://127.0.0.1:$port/metrics" | awk '
            /^db_pool_affinity_borrows_total\{outcome="slot"\}/ { s = $2 }
            /^db_pool_affinity_borrows_total\{outcome="warm"\}/ { w = $2 }
            /^db_pool_affinity_borrows_total\{outcome="cold"\}/ { c = $2 }
            /^db_pool_connections_retired_total/ { r = $2 }
            END { printf "%d %d %d %d\n", s, w, c, r }'
    }
    load_run() {  # load_run LABEL KEYS SECONDS: one wrk run; logs its figures, the largest backend, the pool's counters
        touch "$here/.build/sampling"
        sample_backends > "$here/.build/peak.txt" &
        local sampler=$! figures before after
        read -r -a before <<< "$(pool_counters)"
        figures=$(KEYS="$2" wrk -t2 -c"${LOAD_CONNECTIONS:-16}" -d"$3"s -s "$here/load.lua" "http://127.0.0.1:$port" | tail -n 1)
        read -r -a after <<< "$(pool_counters)"
        rm -f "$here/.build/sampling"; wait "$sampler"
        log "$1: $figures, largest_backend_anon_mib $(( $(cat "$here/.build/peak.txt") / 1024 )), load $(cut -d" " -f1 /proc/loadavg)"
        log "  borrows: own slot $(( after[0] - before[0] )), warm other $(( after[1] - before[1] )), cold $(( after[2] - before[2] )); connections retired $(( after[3] - before[3] ))"
    }
    load_run "warm-up, few (10 tenants)" "$keys_few" "${LOAD_WARMUP_SECONDS:-5}" >/dev/null
    load_run "warm-up, all tenants" "$keys_all" "${LOAD_WARMUP_SECONDS:-5}" >/dev/null
    for round in $(seq 1 "${LOAD_ROUNDS:-2}"); do
        load_run "round $round, few (10 tenants)" "$keys_few" "${LOAD_SECONDS:-20}"
        load_run "round $round, all $tenant_count tenants" "$keys_all" "${LOAD_SECONDS:-20}"
    done
    log "server peak RSS: $(( $(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status") / 1024 )) MiB"
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
    # Ratios of the rounds' means (all ÷ 10): p99 (goal ≤ 1.2) and req/s (goal ≥ 0.8).
    grep -E "^round [0-9]+, " "$out" | awk '
        { for (i = 1; i <= NF; i++) { if ($i == "req_per_s") r = $(i+1); if ($i == "p99_ms") p = $(i+1) }
          gsub(",", "", r); gsub(",", "", p)
          if ($0 ~ /, few /) { fr += r; fp += p; fn++ } else { ar += r; ap += p; an++ } }
        END { if (fn && an) printf "ratio all/10: p99 %.2f (goal <= 1.2), req/s %.2f (goal >= 0.8)\n", (ap/an)/(fp/fn), (ar/an)/(fr/fn) }' \
        | tee -a "$out"
fi

if [ "$FAST" = 0 ] && [ "${MIGRATE:-1}" = 1 ]; then
    # A throwaway tenant migration in a copy of sql/, numbered after the last one: it never reaches the repository.
    sql_copy=$(mktemp -d /tmp/recur-bench-tenants-sql.XXXXXX)
    cp -r "$root/sql/." "$sql_copy/"
    last=$(ls "$root/sql/tenant" | sed -n 's/^\([0-9]\{4\}\)_.*\.sql$/\1/p' | sort -n | tail -n 1)
    file=$(printf '%04d_bench_throwaway_column.sql' $((10#$last + 1)))
    printf '%s\n' "-- bench/tenants: a throwaway migration, never in the repository." \
        "ALTER TABLE invoices ADD COLUMN bench_note text;" \
        "CREATE INDEX invoices_bench_note ON invoices (bench_note);" > "$sql_copy/tenant/$file"
    log ""
    log "## a migration across all $tenant_count tenants: $file (one column and one index on invoices)"
    log "load average before: $(cut -d" " -f1-3 /proc/loadavg)"
    log "recur-admin migrate: $(RECUR_SQL_DIR="$sql_copy" timed "$here/.build/migrate.log" "$admin" migrate)"
    log "tenants with $file applied: $(psql "$bench_url" -AtXc "SELECT count(*) FROM recur_control.schema_migrations WHERE file_name = '$file'")"
    log "schemas with invoices.bench_note: $(psql "$bench_url" -AtXc "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'invoices' AND a.attname = 'bench_note'")"
    rm -rf "$sql_copy"
fi
log "database_size at the end: $(psql "$bench_url" -AtXc "SELECT pg_size_pretty(pg_database_size('$BENCH_DB'))")"
log "# disk of the cluster's file system at the end: $(disk)"
log "# load average after: $(cut -d" " -f1-3 /proc/loadavg)"
echo "saved $out" >&2
