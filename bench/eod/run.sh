#!/usr/bin/env bash
# EOD posting benchmark (issue 7): TENANTS × SETUPS recurring invoice setups, each with one occurrence due,
# posted by recur-worker (1 process, then WORKERS processes), next to a raw COPY of as many invoice-shaped rows
# into the same cluster. Prints postings/s, rows/s and the ratio to COPY.
#
#   bench/eod/run.sh                      # 20 tenants × 500 setups = 10,000 postings (quick)
#   TENANTS=1000 SETUPS=1000 bench/eod/run.sh   # the issue's 1,000,000
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${RECUR_ROOT:-$(cd "$here/../.." && pwd)}
TENANTS=${TENANTS:-20}
SETUPS=${SETUPS:-500}
WORKERS=${WORKERS:-4}
AS_OF=2026-06-30

bash "$root/deploy/pg-local.sh" start >/dev/null
base_url=$(bash "$root/deploy/pg-local.sh" url)
db=recur_bench_eod
admin_url="${base_url%/*}/recur"
url="${base_url%/*}/$db"
export RECUR_SQL_DIR="$root/sql"

echo "== building (release)"
swift build -c release --package-path "$root" --scratch-path "$here/.build" 2>&1 | grep -E "error:|Build complete" | tail -5
bin="$here/.build/release"

provision() {
    psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    DATABASE_URL=$url "$bin/recur-admin" migrate >/dev/null
    for t in $(seq 1 "$TENANTS"); do
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
    done
}

total=$((TENANTS * SETUPS))
echo "== $TENANTS tenants × $SETUPS setups = $total postings, as of $AS_OF"

provision
echo "== 1 worker"
start=$(date +%s.%N)
DATABASE_URL=$url "$bin/recur-worker" eod --as-of "$AS_OF" | tail -1
one=$(echo "$(date +%s.%N) - $start" | bc)

provision
echo "== $WORKERS workers"
start=$(date +%s.%N)
for w in $(seq 1 "$WORKERS"); do DATABASE_URL=$url "$bin/recur-worker" eod --as-of "$AS_OF" > "/tmp/recur-bench-eod-$w.log" & done
wait
many=$(echo "$(date +%s.%N) - $start" | bc)
tail -qn1 /tmp/recur-bench-eod-*.log

posted=$(psql -X -tA "$url" -c "SELECT sum((counts->>'invoice_setups')::int) FROM recur_control.eod_runs WHERE status = 'succeeded'")
echo "posted by the $WORKERS workers: $posted (expected $total)"

# Rows written per posting: invoice, its line, the occurrence, the journal entry and its two lines, the outbox row.
rows_per_posting=7

echo "== raw COPY of $total invoice-shaped rows"
file=$(mktemp)
awk -v n="$total" 'BEGIN { for (i = 1; i <= n; i++) printf "%d\tINV-%06d\t2026-06-30\t2026-07-14\t%d.0000\tEUR\tInvoice for JUN-2026\n", i, i, 100 + i % 50 }' > "$file"
psql -X -q "$url" -c "CREATE TABLE bench_copy (n bigint, number text, invoice_date date, due_date date, total numeric(18,4), currency text, reference text)"
start=$(date +%s.%N)
psql -X -q "$url" -c "\\copy bench_copy FROM '$file'"
copy=$(echo "$(date +%s.%N) - $start" | bc)
rm -f "$file"

printf '\n%-34s %12s %14s %14s\n' "" "seconds" "postings/s" "rows/s"
printf '%-34s %12.1f %14.0f %14.0f\n' "recur-worker, 1 process" "$one" "$(echo "$total / $one" | bc -l)" "$(echo "$total * $rows_per_posting / $one" | bc -l)"
printf '%-34s %12.1f %14.0f %14.0f\n' "recur-worker, $WORKERS processes" "$many" "$(echo "$total / $many" | bc -l)" "$(echo "$total * $rows_per_posting / $many" | bc -l)"
printf '%-34s %12.1f %14s %14.0f\n' "psql \\copy, 1 row per posting" "$copy" "-" "$(echo "$total / $copy" | bc -l)"
printf '\nratio (worker rows/s ÷ COPY rows/s): 1 process %.3f, %d processes %.3f (goal ≥ 0.5)\n' \
    "$(echo "($total * $rows_per_posting / $one) / ($total / $copy)" | bc -l)" "$WORKERS" \
    "$(echo "($total * $rows_per_posting / $many) / ($total / $copy)" | bc -l)"
psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db"
