#!/usr/bin/env bash
# Postgres layer benchmark (issue 2): the `Postgres` wrapper next to pgbench and psql \copy, same row shape,
# same cluster, same run, printed as ratios.
#
#   bench/postgres/run.sh [rounds]        (default 2 rounds)
#
# In a round every comparison (Swift single-row vs pgbench, Swift pipeline vs pgbench, Swift COPY vs psql \copy)
# is measured REPS times, interleaved A B / B A / A B …, so that load from other processes on the machine hits
# both sides alike; a round reports the median of each phase and ratios of medians.
#
# Environment: DATABASE_URL (default: the deploy/pg-local.sh cluster, started if needed), REPS=3,
# SINGLE_SECONDS=5 (per repetition, also pgbench -T), PIPELINE_ROWS=200000, COPY_ROWS=1000000,
# PROBE=1 (0 skips the bare-libpq pipeline probe).
# Output is also written to bench/postgres/results/run-<time>.txt (git-ignored).
set -euo pipefail

rounds=${1:-2}
reps=${REPS:-3}
single_seconds=${SINGLE_SECONDS:-5}
pipeline_rows=${PIPELINE_ROWS:-200000}
copy_rows=${COPY_ROWS:-1000000}
probe=${PROBE:-1}
pipeline_depth=256 # statements per Sync in the pgbench pipeline script

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export PATH="/opt/swift/usr/bin:$PATH"
pgbench=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)
results="$here/results"
mkdir -p "$results"
log="$results/run-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$log") 2>&1

# 1. The cluster.
if [ -z "${DATABASE_URL:-}" ]; then
    "$root/deploy/pg-local.sh" start >/dev/null
    DATABASE_URL=$("$root/deploy/pg-local.sh" url)
fi
export DATABASE_URL

sql() { psql "$DATABASE_URL" -X -q -tA -v ON_ERROR_STOP=1 "$@"; }

# The Swift side, release build, own scratch path.
echo "building PostgresBench (release)…"
swift build -c release --scratch-path "$here/.build" --package-path "$here" --product PostgresBench 2>&1 | tail -n 1
bench="$(swift build -c release --scratch-path "$here/.build" --package-path "$here" --show-bin-path)/PostgresBench"

# 2. The bench-only schema and table (dropped again on exit, whatever happens).
tsv="$results/rows.tsv"
cleanup() {
    sql -c "DROP SCHEMA IF EXISTS bench_pg CASCADE" >/dev/null 2>&1 || true
    rm -f "$tsv"
}
trap cleanup EXIT
sql <<'SQL'
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_pg CASCADE;
CREATE SCHEMA bench_pg;
CREATE TABLE bench_pg.rows (
    id bigint PRIMARY KEY,
    tenant_id int NOT NULL,
    amount numeric(18, 4) NOT NULL,
    memo text NOT NULL,
    posted_on date NOT NULL
);
SQL
reset_table() { sql -c "TRUNCATE bench_pg.rows"; }
table_rows() { sql -c "SELECT count(*) FROM bench_pg.rows"; }

# Inputs made once: the TSV for psql \copy (the very rows `PostgresBench copy` sends) and the pgbench scripts.
"$bench" tsv "$copy_rows" "$tsv"
single_script="$here/insert.sql"
pipeline_script="$results/insert-pipeline.sql"
{
    echo '\startpipeline'
    for _ in $(seq "$pipeline_depth"); do grep -v '^--' "$single_script"; done
    echo '\endpipeline'
} >"$pipeline_script"
copy_script="$results/copy.sql"
cat >"$copy_script" <<EOF
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
\copy bench_pg.rows (id, tenant_id, amount, memo, posted_on) FROM '$tsv'
SELECT extract(epoch FROM clock_timestamp()) - :t0;
EOF

# Machine and cluster.
echo
echo "== machine and cluster"
echo "cores (nproc): $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $(sql -c 'SELECT version()')"
echo "settings: $(sql -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size')")"
if [ "$(sql -c 'SHOW fsync')" = off ]; then
    echo "  (fsync=off: development settings, so absolute figures flatter the server; every figure comes from this one cluster in this one run, so the ratios are fair)"
else
    echo "  (every figure comes from this one cluster in this one run, so the ratios are fair)"
fi
echo "clients: $(swift --version 2>/dev/null | head -n1); $("$pgbench" --version); $(psql --version); libpq $(pkg-config --modversion libpq 2>/dev/null || echo '?')"
echo "row: bench_pg.rows (id bigint PRIMARY KEY, tenant_id int, amount numeric(18,4), memo text, posted_on date), random ids"

# Results of the current round: rate (rows/s) and client CPU (µs per row) by phase.
declare -A rate cpu
declare -A summary

# Parses a RESULT line of PostgresBench.
record_swift() {
    local line
    line=$("$bench" "$@" | grep '^RESULT')
    local phase rows seconds user sys
    phase=$(awk '{print $2}' <<<"$line")
    rows=$(sed -E 's/.* rows=([0-9]+).*/\1/' <<<"$line")
    seconds=$(sed -E 's/.* seconds=([0-9.]+).*/\1/' <<<"$line")
    user=$(sed -E 's/.* user=([0-9.]+).*/\1/' <<<"$line")
    sys=$(sed -E 's/.* sys=([0-9.]+).*/\1/' <<<"$line")
    rate[$phase]+=" $(awk -v r="$rows" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}')"
    cpu[$phase]+=" $(awk -v r="$rows" -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", (u + s) * 1e6 / r}')"
}

# pgbench for $single_seconds with one script; rows per transaction = $2.
record_pgbench() {
    local phase=$1 per_tx=$2 script=$3 out times tps processed failed
    out=$(mktemp)
    times=$(mktemp)
    reset_table
    TIMEFORMAT='%U %S'
    { time "$pgbench" -n -c 1 -j 1 -T "$single_seconds" -M prepared -f "$script" "$DATABASE_URL" >"$out" 2>&1; } 2>"$times"
    tps=$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$out")
    processed=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$out")
    failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$out")
    if [ -z "$tps" ] || [ "${failed:-0}" != 0 ]; then cat "$out"; exit 1; fi
    [ "$(table_rows)" = "$((processed * per_tx))" ] || { echo "pgbench: row count mismatch"; exit 1; }
    rate[$phase]+=" $(awk -v t="$tps" -v n="$per_tx" 'BEGIN {printf "%.0f", t * n}')"
    cpu[$phase]+=" $(awk -v n="$((processed * per_tx))" -v u="$(cut -d' ' -f1 "$times")" -v s="$(cut -d' ' -f2 "$times")" \
        'BEGIN {printf "%.2f", (u + s) * 1e6 / n}')"
    rm -f "$out" "$times"
}

# psql \copy of the TSV; time measured on the server clock around the \copy, inside one psql session.
record_psql_copy() {
    local times seconds
    times=$(mktemp)
    reset_table
    TIMEFORMAT='%U %S'
    { time seconds=$(sql -f "$copy_script" | tail -n 1); } 2>"$times"
    [ "$(table_rows)" = "$copy_rows" ] || { echo "psql \\copy: row count mismatch"; exit 1; }
    rate[psql_copy]+=" $(awk -v r="$copy_rows" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}')"
    cpu[psql_copy]+=" $(awk -v n="$copy_rows" -v u="$(cut -d' ' -f1 "$times")" -v s="$(cut -d' ' -f2 "$times")" \
        'BEGIN {printf "%.2f", (u + s) * 1e6 / n}')"
    rm -f "$times"
}

swift_single() { reset_table; record_swift single "$single_seconds"; }
swift_pipeline() { reset_table; record_swift pipeline "$pipeline_rows" 256; reset_table; record_swift pipeline "$pipeline_rows" 1000; }
swift_copy() { reset_table; record_swift copy "$copy_rows"; }
native_single() { record_pgbench pgbench_single 1 "$single_script"; }
native_pipeline() { record_pgbench pgbench_pipeline "$pipeline_depth" "$pipeline_script"; }
native_copy() { record_psql_copy; }

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$(median "${rate[$1]}")" -v b="$(median "${rate[$2]}")" 'BEGIN {printf "%.2f", a / b}'; }
row() {
    printf '  %-46s %8.0f rows/s  %6.2f µs client CPU/row   (rows/s of each rep:%s)\n' \
        "$1" "$(median "${rate[$2]}")" "$(median "${cpu[$2]}")" "${rate[$2]}"
}

# 3. The measurements.
for round in $(seq "$rounds"); do
    unset rate cpu
    declare -A rate cpu
    echo
    echo "== round $round of $rounds ($reps interleaved repetitions per pair; load average $(cut -d' ' -f1-3 /proc/loadavg))"
    for pair in single pipeline copy; do
        for rep in $(seq "$reps"); do
            if [ $(((round + rep) % 2)) = 0 ]; then "swift_$pair"; "native_$pair"; else "native_$pair"; "swift_$pair"; fi
        done
    done
    if [ "$probe" = 1 ]; then
        for rep in $(seq "$reps"); do
            if [ $((rep % 2)) = 1 ]; then modes="lockstep overlapped"; else modes="overlapped lockstep"; fi
            for mode in $modes; do reset_table; record_swift raw-pipeline "$pipeline_rows" 1000 "$mode"; done
        done
    fi
    echo "  medians:"
    row "Swift single-row INSERT (prepared, autocommit)" swift_single
    row "pgbench single-row INSERT (-M prepared)" pgbench_single
    row "Swift pipeline, batch 256" swift_pipeline_256
    row "Swift pipeline, batch 1000" swift_pipeline_1000
    row "pgbench pipeline, $pipeline_depth INSERTs per Sync" pgbench_pipeline
    row "Swift COPY ($copy_rows rows)" swift_copy
    row "psql \\copy (same $copy_rows rows, TSV file)" psql_copy
    if [ "$probe" = 1 ]; then
        row "probe: bare libpq pipeline 1000, lockstep" raw_libpq_pipeline_1000_lockstep
        row "probe: bare libpq pipeline 1000, overlapped" raw_libpq_pipeline_1000_overlapped
    fi
    echo "  ratios (of medians):"
    r1=$(ratio swift_single pgbench_single)
    r2=$(ratio swift_copy psql_copy)
    r3=$(ratio swift_pipeline_256 pgbench_single)
    r4=$(ratio swift_pipeline_1000 pgbench_single)
    r5=$(ratio swift_pipeline_256 pgbench_pipeline)
    printf '    %-44s %6s\n' "Swift single-row / pgbench single-row" "$r1" "Swift COPY / psql \\copy" "$r2" \
        "Swift pipeline 256 / pgbench single-row" "$r3" "Swift pipeline 1000 / pgbench single-row" "$r4" \
        "Swift pipeline 256 / pgbench pipeline 256" "$r5"
    medians=""
    for phase in swift_single pgbench_single swift_pipeline_256 swift_pipeline_1000 pgbench_pipeline swift_copy psql_copy; do
        medians+=" $(printf '%.0f' "$(median "${rate[$phase]}")")"
    done
    summary[$round]="$r1 $r2 $r3 $r4 $r5$medians"
done

echo
echo "== summary (one line per round)"
echo "  round  single/pgbench  COPY/\\copy  pipe256/pgbench  pipe1000/pgbench  pipe256/pgbench-pipe  | rows/s: swift-single pgbench swift-pipe256 swift-pipe1000 pgbench-pipe swift-copy psql-copy"
for round in $(seq "$rounds"); do
    read -r r1 r2 r3 r4 r5 rest <<<"${summary[$round]}"
    printf '  %5s  %14s  %10s  %15s  %16s  %20s  | %s\n' "$round" "$r1" "$r2" "$r3" "$r4" "$r5" "$rest"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "log: $log"

# 4. Clean-up: the EXIT trap drops bench_pg and deletes the TSV.
