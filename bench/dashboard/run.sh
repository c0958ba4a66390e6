#!/usr/bin/env bash
# Dashboard benchmark (issue 26): the server time of the dashboard's home page (GET /app: charts over 12 months, AR
# ageing, MRR, budgets, overdue invoices, upcoming postings) for a tenant with INVOICES invoices, over HTTP against a
# release recur-server, logged in as a user (a session cookie, as a browser): p50 and p95 of RUNS requests on one kept
# connection. Beside it, in the same run, the reference: each API read the page makes (the same paths and queries),
# timed alone over HTTP with an API key — their sum is what the page cost when it made them one after another, their
# maximum is the least a page that waits for all of them can take. The page's own `Server-Timing` header splits its
# time by read (p50 of each). Goal: home p50 < 200 ms at 1M invoices.
#
#   bench/dashboard/run.sh                         # DB=recur_perf_1m: the 1M-invoice seed of bench/reports, reused
#   DB=recur_perf_100k bench/dashboard/run.sh      # the 100k one
#   RUNS=20 (timed requests per measurement), PORT=18096, BUILD=0 (use the binaries already in bench/dashboard/.build,
#   or in BIN=<dir>), PG_LOCAL=<path of pg-local.sh>, RECUR_ROOT=… (build from another checkout), BUDGET=60 (seconds
#   after which a measurement stops once it has 5 runs), SEED=1 (no such database: seed one through
#   bench/reports/run.sh with KEEP=1 MEASURE=0 and INVOICES, default 1000000, about 30 minutes)
#
# The seed is reused, never dropped or reseeded: the script migrates it to this build's migrations (as
# bench/reports/run.sh SEEDED=1 does), creates an API key, and adds the user bench-dashboard@example.com (owner, a
# fixed password) on its first run. Figures: docs/benchmarks.md, "Dashboard".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${RECUR_ROOT:-$(cd "$here/../.." && pwd)}
RUNS=${RUNS:-20}
PORT=${PORT:-18096}
py=/usr/bin/python3
slug=bench-reports
email=bench-dashboard@example.com
password=bench-dashboard-password-2026
pg_local=${PG_LOCAL:-$root/deploy/pg-local.sh}
bash "$pg_local" start >/dev/null
base_url=$(bash "$pg_local" url)
db=${DB:-recur_perf_1m}
admin_url="${base_url%/*}/recur"
url="${base_url%/*}/$db"
export RECUR_SQL_DIR="$root/sql"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
say() { echo "== $*" | tee -a "$out/log.txt"; }

if [ "${BUILD:-1}" = 1 ]; then
    say "building recur-server and recur-admin (release)"
    for product in recur-server recur-admin; do
        swift build -c release --package-path "$root" --scratch-path "$here/.build" --product "$product" > "$out/build.log" 2>&1 \
            || { tail -n 30 "$out/build.log" >&2; exit 1; }
    done
fi
bin="${BIN:-$here/.build/release}"

if ! psql -X -q -tA "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    [ "${SEED:-0}" = 1 ] || { echo "run.sh: no database $db (SEED=1 seeds one through bench/reports/run.sh)" >&2; exit 1; }
    say "seeding $db through bench/reports/run.sh"
    DB=$db KEEP=1 MEASURE=0 BUILD=0 BIN="$bin" PG_LOCAL="$pg_local" RECUR_ROOT="$root" bash "$root/bench/reports/run.sh"
fi
say "reusing the seeded database $db (migrated to this build's migrations first)"
DATABASE_URL=$url "$bin/recur-admin" migrate >/dev/null
key=$(DATABASE_URL=$url "$bin/recur-admin" key create "$slug" --label bench-dashboard --json \
    | $py -c 'import json,sys; print(json.load(sys.stdin)["key"])')
# The bench's user: added once (an e-mail already used is exit 1: then it is this script's, with this password).
printf '%s\n' "$password" | DATABASE_URL=$url "$bin/recur-admin" user add "$slug" "$email" --role owner --name "Bench" --password-stdin \
    >/dev/null 2>&1 || true
invoices=$(PGOPTIONS="-c search_path=tenant_bench_reports" psql -X -q -tA "$url" -c "SELECT count(*) FROM invoices")

say "starting recur-server on 127.0.0.1:$PORT"
DATABASE_URL=$url RECUR_LOG=off PORT=$PORT HOST=127.0.0.1 "$bin/recur-server" > "$out/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: recur-server exited (see $out/server.log)" >&2; exit 1; }
    sleep 0.2
done

# The home page's reads, as HomePage.render makes them (the tenant's today: Europe/Paris or its time zone).
today=$(DATABASE_URL=$url "$bin/recur-admin" tenant show "$slug" --json 2>/dev/null \
    | $py -c 'import json,sys,datetime,zoneinfo; t=json.load(sys.stdin); print(datetime.datetime.now(zoneinfo.ZoneInfo(t.get("time_zone","UTC"))).date())' 2>/dev/null \
    || date -u +%F)
from=$($py -c "import datetime; d=datetime.date.fromisoformat('$today'); m=d.year*12+d.month-1-11; print(datetime.date(m//12, m%12+1, 1))")
range="from=$from&to=$today"
reads=(
    "ar-ageing|/v1/reports/ar-ageing?detail=totals"
    "cashflow|/v1/reports/cashflow?$range"
    "income-expense|/v1/reports/income-expense?$range"
    "income-expense-by-category|/v1/reports/income-expense?$range&by=category"
    "recurring-revenue|/v1/reports/recurring-revenue?$range"
    "upcoming-postings|/v1/reports/upcoming-postings?days=30&limit=20"
    "overdue-invoices|/v1/invoices?overdue=true&limit=10"
    "budgets|/v1/budgets?limit=6"
)

say "measuring GET /app, $RUNS runs (2 warm-up runs first); load: $(uptime)"
$py "$here/client.py" home "$PORT" "$slug" "$email" "$password" "$RUNS" > "$out/home.txt" 2>>"$out/log.txt"
read -r status home50 home95 bytes n < "$out/home.txt"
[ "$status" = 200 ] || { echo "run.sh: GET /app answered $status (see $out/log.txt)" >&2; exit 1; }
declare -A split50
while read -r name s50 _; do split50[$name]=$s50; done < <(tail -n +2 "$out/home.txt")

say "measuring the page's reads alone, $RUNS runs each; load: $(uptime)"
table=(); sum=0; max=0
for entry in "${reads[@]}"; do
    name=${entry%%|*}; path=${entry#*|}
    read -r s p50 p95 rbytes rn < <($py "$here/client.py" api "$PORT" "$key" "$RUNS" "$path" 2>>"$out/log.txt")
    echo "$name: HTTP $s p50 $p50 ms p95 $p95 ms ($rbytes bytes, $rn runs) $path" >> "$out/log.txt"
    if [ "$s" = 200 ]; then
        sum=$(echo "$sum + $p50" | bc)
        [ "$(echo "$p50 > $max" | bc)" = 1 ] && max=$p50
    fi
    table+=("$(printf '%-28s %6s %9s %9s %13s' "$name" "$s" "$p50" "$p95" "${split50[$name]:--}")")
done

{
    echo
    echo "$db: $invoices invoices; today $today; RUNS=$RUNS; $(nproc) cores; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-28s %6s %9s %9s %13s\n' "read (alone, API key)" "status" "p50 ms" "p95 ms" "in page p50"
    printf '%s\n' "${table[@]}"
    [ -n "${split50[budget-monitor]:-}" ] && printf '%-28s %6s %9s %9s %13s\n' "budget-monitor (each)" "" "" "" "${split50[budget-monitor]}"
    printf '%-28s %6s %9s\n' "sum of the reads (sequential)" "" "$sum"
    printf '%-28s %6s %9s\n' "slowest read" "" "$max"
    printf 'GET /app (home): p50 %s ms, p95 %s ms (%s bytes, %s runs); p50 / sum of reads = %s, p50 / slowest read = %s; goal p50 < 200 ms: %s\n' \
        "$home50" "$home95" "$bytes" "$n" "$(echo "scale=2; $home50 / $sum" | bc)" "$(echo "scale=2; $home50 / $max" | bc)" \
        "$([ "$(echo "$home50 < 200" | bc)" = 1 ] && echo met || echo "not met")"
} | tee -a "$out/log.txt"
