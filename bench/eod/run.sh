#!/usr/bin/env bash
# EOD posting benchmark (issue 7): TENANTS × SETUPS recurring invoice setups, each with one occurrence due,
# posted by recur-worker (1 process, then WORKERS processes). Next to it, in the same run and cluster, a raw COPY
# of exactly the rows the worker wrote (same tables' shape: columns, defaults, checks and indexes, via
# CREATE TABLE … (LIKE … INCLUDING ALL), one set per tenant as the worker has), with psql's \copy.
# Prints wall time, postings/s, rows/s and the ratio of the worker's rows/s to COPY's.
#
#   bench/eod/run.sh                              # 20 tenants × 500 setups = 10,000 postings (quick)
#   TENANTS=1000 SETUPS=1000 bench/eod/run.sh     # the issue's 1,000,000
#   WORKER_SLOTS=none …                           # the 4 processes uncapped only (default: uncapped, then capped
#                                                 # at as many database slots as cores)
#
# Rows counted are the rows inserted (invoices, which record their occurrence, invoice lines, journal entries, journal lines,
# outbox); the cursor UPDATE of each setup is extra work the worker does and the count leaves out.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${RECUR_ROOT:-$(cd "$here/../.." && pwd)}
TENANTS=${TENANTS:-20}
SETUPS=${SETUPS:-500}
WORKERS=${WORKERS:-4}
CONCURRENCY=${CONCURRENCY:-$(nproc)}   # tenants the single worker process runs at once (recur-worker --concurrency)
# Tenants each of the WORKERS processes runs at once: by default the cores shared out (at least 1), as an operator
# would configure several workers on one host; 4 processes × nproc lanes oversubscribe the machine 4 times.
WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-$(( $(nproc) / WORKERS > 0 ? $(nproc) / WORKERS : 1 ))}
# The 4-process run is repeated for each entry: "none" runs them uncapped, a number caps the tenants posting at
# once over all the processes (recur-worker --database-slots, as an operator caps the EOD's load on the database).
WORKER_SLOTS=${WORKER_SLOTS:-none $(nproc)}
PARALLEL_SETUP=${PARALLEL_SETUP:-4}
AS_OF=2026-06-30
tables="journal_entries journal_lines invoice_lines invoices notification_outbox"

source "$here/../lib.sh"
bench_database recur_bench_eod
work=$(mktemp -d /tmp/recur-bench-eod.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== building (release)"
swift build -c release --package-path "$root" --scratch-path "$here/.build" 2>&1 | grep -E "error:|Build complete" | tail -5
bin="$here/.build/release"

provision_tenant() {
    local t=$1
    DATABASE_URL=$url "$bin/recur-admin" tenant create "bench-$t" --name "Bench $t" --currency EUR --json >/dev/null
    # One customer and SETUPS monthly setups by amount, each due on the as-of date.
    psql -X -q -v ON_ERROR_STOP=1 "$url" <<SQL
BEGIN;
SET LOCAL search_path TO tenant_bench_$t;
INSERT INTO parties (kind, name, email, control_account_id, payment_terms_days, currency)
SELECT 'customer', 'Customer', 'billing@example.test', id, 14, 'EUR' FROM accounts WHERE role = 'accountsReceivable';
INSERT INTO recurring_invoice_setups (party_id, mode, amount, description, income_account_id, payment_terms_days,
    currency, statement_reference, schedule)
SELECT p.id, 'amount', 100 + (g % 50), 'Subscription', a.id, 14, 'EUR', 'Invoice for {RIMonth}-{RIYear}',
       '{"kind":"monthly","interval":1,"start":"$AS_OF","count":12}'::jsonb
FROM parties p, (SELECT id FROM accounts WHERE role = 'salesIncome') a, generate_series(1, $SETUPS) g;
COMMIT;
SQL
}
export -f provision_tenant
export url bin SETUPS AS_OF

provision() {
    psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    DATABASE_URL=$url "$bin/recur-admin" migrate >/dev/null
    seq 1 "$TENANTS" | xargs -P "$PARALLEL_SETUP" -I{} bash -c 'provision_tenant {}'
    # Settle what the bulk load left for autovacuum (a vacuum of every fresh setups table), as a nightly EOD
    # meets tables that are not minutes old; the timed run then pays only for the autovacuum work it causes.
    psql -X -q "$url" -c "VACUUM (ANALYZE)" 2>/dev/null
    # Write out what the bulk load dirtied, so the timed run does not pay for the provisioning's checkpoint
    # (needs pg_checkpoint, which deploy/pg-local.sh grants on the development cluster; skipped if refused).
    psql -X -q "$url" -c "CHECKPOINT" 2>/dev/null || echo "(no CHECKPOINT: the role lacks pg_checkpoint)"
}

# Inserted rows over every tenant schema.
inserted_rows() {
    local sql="SELECT 0"
    for t in $tables; do
        sql="$sql + (SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.$t', nspname), false, true, '')))[1]::text::bigint), 0) FROM pg_namespace WHERE nspname LIKE 'tenant_bench_%')"
    done
    psql -X -tA "$url" -c "$sql"
}

total=$((TENANTS * SETUPS))
echo "== $TENANTS tenants × $SETUPS setups = $total postings, as of $AS_OF"

echo "== provisioning"
provision
echo "== 1 worker ($CONCURRENCY tenants at once)"
start=$(date +%s.%N)
DATABASE_URL=$url "$bin/recur-worker" eod --as-of "$AS_OF" --concurrency "$CONCURRENCY" | tail -1
one=$(echo "$(date +%s.%N) - $start" | bc)
rows_one=$(inserted_rows)
posted_one=$(psql -X -tA "$url" -c "SELECT coalesce(sum((counts->>'invoice_setups')::int), 0) FROM recur_control.eod_runs WHERE status = 'succeeded'")
echo "posted: $posted_one (expected $total), rows inserted: $rows_one"

echo "== raw COPY of the same $rows_one rows into same-shaped tables (one set per tenant)"
columns() {  # every column but the identity (generated on insert, as for the worker)
    psql -X -tA "$url" -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns
                            WHERE table_schema = 'tenant_bench_1' AND table_name = '$1' AND is_identity = 'NO'"
}
: > "$work/export.sql"; : > "$work/create.sql"; : > "$work/copy.sql"
for t in $tables; do
    cols=$(columns "$t")
    for n in $(seq 1 "$TENANTS"); do
        echo "\\copy (SELECT $cols FROM tenant_bench_$n.$t) TO '$work/$n.$t'" >> "$work/export.sql"
        echo "CREATE TABLE tenant_bench_$n.copy_$t (LIKE tenant_bench_$n.$t INCLUDING ALL);" >> "$work/create.sql"
        echo "\\copy tenant_bench_$n.copy_$t ($cols) FROM '$work/$n.$t'" >> "$work/copy.sql"
    done
done
psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/export.sql"
psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/create.sql"
start=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/copy.sql"
copy=$(echo "$(date +%s.%N) - $start" | bc)
rm -f "$work"/*.*

many_lines=""
many_ratios=""
for slots in $WORKER_SLOTS; do
    if [ "$slots" = none ]; then slot_args=(); label="$WORKERS processes × $WORKER_CONCURRENCY, no cap"
    else slot_args=(--database-slots "$slots"); label="$WORKERS processes × $WORKER_CONCURRENCY, $slots slots"; fi
    echo "== provisioning again"
    provision
    echo "== $label"
    start=$(date +%s.%N)
    for w in $(seq 1 "$WORKERS"); do
        DATABASE_URL=$url "$bin/recur-worker" eod --as-of "$AS_OF" --concurrency "$WORKER_CONCURRENCY" "${slot_args[@]}" > "$work/worker-$w.log" &
    done
    wait
    many=$(echo "$(date +%s.%N) - $start" | bc)
    tail -qn1 "$work"/worker-*.log
    rows_many=$(inserted_rows)
    posted_many=$(psql -X -tA "$url" -c "SELECT coalesce(sum((counts->>'invoice_setups')::int), 0) FROM recur_control.eod_runs WHERE status = 'succeeded'")
    duplicates=$(psql -X -tA "$url" -c "SELECT count(*) - count(DISTINCT tenant_id) FROM recur_control.eod_runs WHERE status = 'succeeded'")
    echo "posted by the $WORKERS workers: $posted_many (expected $total), rows inserted: $rows_many, tenants run twice: $duplicates"
    many_lines+=$(printf '%-36s %10.1f %12.0f %12.0f' "$label" "$many" "$(echo "$posted_many / $many" | bc -l)" "$(echo "$rows_many / $many" | bc -l)")$'\n'
    many_ratios+=$(printf '%s: ratio %.3f, wall %.1f s; ' "$label" "$(echo "($rows_many / $many) / ($rows_one / $copy)" | bc -l)" "$many")
done

printf '\n%-36s %10s %12s %12s\n' "" "seconds" "postings/s" "rows/s"
printf '%-36s %10.1f %12.0f %12.0f\n' "recur-worker, 1 process × $CONCURRENCY" "$one" "$(echo "$posted_one / $one" | bc -l)" "$(echo "$rows_one / $one" | bc -l)"
printf '%s' "$many_lines"
printf '%-36s %10.1f %12s %12.0f\n' "psql \\copy of the same rows" "$copy" "-" "$(echo "$rows_one / $copy" | bc -l)"
printf '\nrows per posting: %.2f\n' "$(echo "$rows_one / $posted_one" | bc -l)"
printf 'ratio (worker rows/s ÷ COPY rows/s), goal ≥ 0.5: 1 process %.3f\n' "$(echo "($rows_one / $one) / ($rows_one / $copy)" | bc -l)"
printf 'wall time for %d postings, goal < 120 s: 1 process %.1f s\n' "$total" "$one"
printf 'with %s\n' "$many_ratios"
psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db"
