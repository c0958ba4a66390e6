#!/usr/bin/env bash
# Banking benchmark (issue 27): N statement lines imported and auto-matched against N open invoices, through the
# HTTP API of a release recur-server. Goal: import + auto-reconcile < 10 s at N=100000 on this machine.
#
#   bench/banking/run.sh                 # N=100000 (the issue's figure)
#   N=10000 bench/banking/run.sh         # a quick run
#   PORT=18097, KEEP=1 (keep the database recur_bench_banking), BUILD=0 (use the binaries in bench/banking/.build),
#   BIN=… (use the binaries in that folder, e.g. .build/debug for a smoke test of the script; implies BUILD=0),
#   RECUR_ROOT=… (build from another checkout), PG_LOCAL=… (the pg-local.sh whose cluster to use),
#   STATEMENT_TIMEOUT_MS=30000 (the server's per-statement limit; a loaded machine may need more to finish),
#   SLOW_MS=20 (PostgreSQL logs the bench database's statements slower than this; listed at the end, so the time of
#   each step splits into its statements and the server's own work), EXPLAIN_MS=… (also log, with auto_explain, the
#   plans of statements slower than this, those inside triggers included: PostgreSQL's log, not listed at the end)
#
# Seeding (bench/banking/seed.sql, one transaction, set-based through the tenant schema's constraints and
# triggers): N issued invoices of N/50 customers with their issue entries. bench/banking/statement.py writes one CSV
# statement of N lines from them (French style: DD/MM/YYYY, decimal comma): 60 % name the invoice number, 20 % give
# its ISO 11649 creditor reference, 10 % only the amount and the payer (suggested, not auto-reconciled), 10 % bank
# fees (money out, reconciled by the rule "FRAIS" → 6270 Bank charges).
#
# Measured, each once, in this order:
#   import          POST /v1/bank-accounts/{id}/statements (text/csv, the whole file; RECUR_MAX_BODY_BYTES=16 MiB)
#   reference SQL   the best hand-written single statement for the same matching (invoice number in the text or
#                   creditor reference, and the exact outstanding, one invoice per line), psql, before reconciling
#   auto-reconcile  POST /v1/bank-accounts/{id}/auto-reconcile (rules, matching, and every payment, entry and link)
#   listing         GET /v1/bank-accounts/{id}/lines?unreconciled=true&limit=100 (suggestions of what is left)
#   reference COPY  psql \copy of the same CSV rows into a table shaped like bank_lines (no identities, no checks)
# and the server's peak RSS (VmHWM). The results are checked: every line imported, the expected counts reconciled,
# the invoices paid, debits = credits. Figures: docs/benchmarks.md, "Banking", and docs/banking.md.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${RECUR_ROOT:-$(cd "$here/../.." && pwd)}
N=${N:-100000}
PORT=${PORT:-18097}
KEEP=${KEEP:-0}
customers=$(( N / 50 > 20 ? N / 50 : 20 ))
py=/usr/bin/python3
slug=bench-banking
schema=tenant_bench_banking

source "$here/../lib.sh"
bench_database recur_bench_banking
bench_results
trap bench_server_cleanup EXIT
q() { PGOPTIONS="-c search_path=$schema" psql -X -q -tA -v ON_ERROR_STOP=1 "$url" "$@"; }
now() { date +%s.%N; }
since() { printf '%.3f' "$(echo "$(now) - $1" | bc)"; }

bench_build recur-server recur-admin

say "seeding $N open invoices ($customers customers); load: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
DATABASE_URL=$url "$bin/recur-admin" migrate >/dev/null
# Where the time goes: PostgreSQL logs every statement of the bench database slower than SLOW_MS (printed at the end).
# The setting needs a superuser: the cluster's owner (postgres) through its socket; without it, no breakdown.
pg_root=$(cd "$(dirname "${PG_LOCAL:-$root/deploy/pg-local.sh}")/.." && pwd)  # bench_database's pg_local is local to it
pg_base=$pg_root/.pgdata
[ -d "$pg_base" ] || pg_base=/tmp/recur-pgdata-$(printf '%s' "$pg_root" | cksum | cut -d' ' -f1)
pg_log=$pg_base/postgres.log
pg_port=$(echo "$base_url" | sed -E 's#.*:([0-9]+)/.*#\1#')
runuser -u postgres -- psql -X -q -h "$pg_base/run" -p "$pg_port" -d "$db" \
    -c "ALTER DATABASE $db SET log_min_duration_statement = ${SLOW_MS:-20}" 2>/dev/null \
    || echo "(no statement timings: cannot set log_min_duration_statement as postgres)"
if [ -n "${EXPLAIN_MS:-}" ]; then
    runuser -u postgres -- psql -X -q -h "$pg_base/run" -p "$pg_port" -d "$db" \
        -c "ALTER DATABASE $db SET session_preload_libraries = 'auto_explain'" \
        -c "ALTER DATABASE $db SET auto_explain.log_min_duration = $EXPLAIN_MS" \
        -c "ALTER DATABASE $db SET auto_explain.log_nested_statements = on" 2>/dev/null \
        || echo "(no plans: cannot load auto_explain as postgres)"
fi
key=$(DATABASE_URL=$url "$bin/recur-admin" tenant create "$slug" --name "Bench Banking SARL" --currency EUR --json \
    | $py -c 'import json,sys; print(json.load(sys.stdin)["api_key"]["key"])')
start=$(now)
q -v n="$N" -v customers="$customers" -f "$here/seed.sql"
q -c "VACUUM (ANALYZE)" 2>/dev/null
echo "seeding: $(since "$start") s" | tee -a "$out/log.txt"
q -c "COPY (SELECT i.number, i.total - i.amount_paid - i.credit_applied, p.name, i.due_date FROM invoices i
             JOIN parties p ON p.id = i.party_id ORDER BY i.sequence_number) TO STDOUT" | $py "$here/statement.py" > "$out/statement.csv"
echo "statement: $(wc -l < "$out/statement.csv") rows (header included), $(du -k "$out/statement.csv" | cut -f1) KiB" | tee -a "$out/log.txt"

bench_start_server RECUR_MAX_BODY_BYTES=$((16 << 20)) RECUR_STATEMENT_TIMEOUT_MS=${STATEMENT_TIMEOUT_MS:-30000}
api() {  # METHOD PATH [curl args…] → body on stdout; fails on a status ≥ 300
    local method=$1 path=$2; shift 2
    curl -sS -f -X "$method" -H "Authorization: Bearer $key" "$@" "http://127.0.0.1:$PORT$path"
}
field() { $py -c "import json,sys; print(json.load(sys.stdin)$1)"; }

mapping='{"delimiter":";","decimal_separator":",","date_format":"DD/MM/YYYY","header_rows":1,"date_column":1,"amount_column":2,"description_column":3,"reference_column":4,"counterparty_column":5}'
account=$(api POST /v1/bank-accounts -H 'Content-Type: application/json' \
    -d "{\"name\":\"Main\",\"iban\":\"FR1420041010050500013M02606\",\"csv_mapping\":$mapping}" | field '["id"]')
charges=$(q -c "SELECT id FROM accounts WHERE code = '6270'")
api POST /v1/bank-rules -H 'Content-Type: application/json' \
    -d "{\"bank_account_id\":\"$account\",\"description_contains\":\"FRAIS\",\"account_id\":\"$charges\"}" >/dev/null

pg_log_start=$(stat -c %s "$pg_log" 2>/dev/null || echo 0)
say "measuring; load: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU seconds (server, PostgreSQL) at each step's ends: the work each side did, whatever else the machine runs.
pg_data=$(echo "$pg_log" | sed 's#/postgres.log$##')
[ -f "$pg_data/postmaster.pid" ] || pg_data=$pg_data/data
cpu_delta() { python3 -c "import sys; a, b = sys.argv[1].split(), sys.argv[2].split(); print(f'server {float(b[0]) - float(a[0]):.2f} s, PostgreSQL {float(b[1]) - float(a[1]):.2f} s')" "$1" "$2"; }
cpu0=$(bench_cpu "$pg_data")
start=$(now)
imported=$(api POST "/v1/bank-accounts/$account/statements" -H 'Content-Type: text/csv' --data-binary "@$out/statement.csv")
import_s=$(since "$start")
cpu1=$(bench_cpu "$pg_data")
added=$(echo "$imported" | field '["lines_added"]')
echo "import: $import_s s, $added lines added" | tee -a "$out/log.txt"

# The reference: one statement, the same matching as auto-reconcile's confident matches (the invoice number as a
# word of the text, or a creditor reference whose payload is it, and the exact outstanding; one invoice per line).
reference_sql="EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT l.id, i.id FROM bank_lines l
JOIN invoices i ON i.number = coalesce(substring(l.description FROM 'INV-[0-9]{4}-[0-9]{6}'),
                                      'INV-' || substring(replace(l.reference, ' ', '') FROM '^RF[0-9]{2}INV([0-9]{4})') || '-'
                                          || substring(replace(l.reference, ' ', '') FROM '^RF[0-9]{2}INV[0-9]{4}([0-9]{6})'))
 AND i.total - i.amount_paid - i.credit_applied = l.amount AND i.status IN ('issued', 'partiallyPaid')
WHERE l.bank_account_id = '$account' AND l.reconciled_at IS NULL AND l.amount > 0"
q -c "$reference_sql" > /dev/null  # warm
start=$(now)
ref_rows=$(q -c "${reference_sql#*SUMMARY ON)}" | wc -l)
ref_match_s=$(since "$start")
cpu3=$(bench_cpu "$pg_data")
echo "reference matching SQL: $ref_match_s s, $ref_rows pairs" | tee -a "$out/log.txt"

cpu2=$(bench_cpu "$pg_data")
start=$(now)
auto=$(api POST "/v1/bank-accounts/$account/auto-reconcile" -H 'Content-Type: application/json' -d '{}')
match_s=$(since "$start")
cpu3=$(bench_cpu "$pg_data")
echo "auto-reconcile: $match_s s, $auto" | tee -a "$out/log.txt"

start=$(now)
listed=$(api GET "/v1/bank-accounts/$account/lines?unreconciled=true&limit=100" | field '["data"].__len__()')
list_s=$(since "$start")
echo "listing 100 unreconciled lines with suggestions: $list_s s ($listed lines)" | tee -a "$out/log.txt"
rss_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")

q -c "CREATE UNLOGGED TABLE copy_reference (booking_date text, amount text, description text, reference text, counterparty text)"
start=$(now)
q -c "\\copy copy_reference FROM '$out/statement.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
copy_s=$(since "$start")
echo "reference COPY: $copy_s s" | tee -a "$out/log.txt"

say "checking"
q -c "SELECT format('lines %s, reconciled %s (payments %s, entries %s); invoices paid %s; debits - credits = %s',
        (SELECT count(*) FROM bank_lines), (SELECT count(*) FROM bank_lines WHERE reconciled_at IS NOT NULL),
        (SELECT count(*) FROM bank_lines WHERE payment_id IS NOT NULL), (SELECT count(*) FROM bank_lines WHERE entry_id IS NOT NULL),
        (SELECT count(*) FROM invoices WHERE status = 'paid'), (SELECT sum(debit) - sum(credit) FROM journal_lines))" | tee -a "$out/log.txt"
expected_match=$(( N / 10 * 8 + (N % 10 > 8 ? 8 : N % 10) ))
by_match=$(echo "$auto" | field '["by_match"]')
[ "$added" = "$N" ] || { echo "run.sh: $added lines imported, not $N" >&2; exit 1; }
[ "$by_match" = "$expected_match" ] || echo "WARNING: $by_match lines matched, $expected_match expected" | tee -a "$out/log.txt"

total=$(echo "$import_s + $match_s" | bc)
{
    echo
    echo "N=$N lines against $N open invoices; $(nproc) cores; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-34s %8s  %s\n' "step" "seconds" "rate / reference"
    printf '%-34s %8s  %s lines/s; ratio to COPY %.1f\n' "import (HTTP, CSV)" "$import_s" "$(echo "$N / $import_s" | bc)" "$(echo "$import_s / $copy_s" | bc -l)"
    printf '%-34s %8s  %s lines/s; ratio to the reference SQL %.1f\n' "auto-reconcile (HTTP)" "$match_s" "$(echo "$N / $match_s" | bc)" "$(echo "$match_s / $ref_match_s" | bc -l)"
    printf '%-34s %8s  %s lines/s\n' "import + auto-reconcile" "$total" "$(echo "$N / $total" | bc)"
    printf '%-34s %s\n' "CPU of the import" "$(cpu_delta "$cpu0" "$cpu1")"
    printf '%-34s %s\n' "CPU of auto-reconcile" "$(cpu_delta "$cpu2" "$cpu3")"
    printf '%-34s %8s\n' "reference: matching SQL (psql)" "$ref_match_s"
    printf '%-34s %8s\n' "reference: COPY of the rows" "$copy_s"
    printf '%-34s %8s\n' "listing 100 lines + suggestions" "$list_s"
    echo "server peak RSS: $(( rss_kib / 1024 )) MiB; goal (import + auto-reconcile < 10 s): $( [ "$(echo "$total < 10" | bc)" = 1 ] && echo met || echo not met)"
} | tee -a "$out/log.txt"
{
    echo
    echo "statements slower than ${SLOW_MS:-20} ms (PostgreSQL's log; the rest of each step is the server's own work):"
    tail -c +"$((pg_log_start + 1))" "$pg_log" 2>/dev/null | grep -a "duration: " | grep -av "COPY\|EXPLAIN\|VACUUM\|seed" \
        | sed -E 's/.*duration: ([0-9.]+) ms +(statement|execute|bind|parse) ?([^:]*): *(.*)/\1 ms  \2 \3  \4/' | cut -c1-160
} | tee -a "$out/log.txt"
