#!/usr/bin/env bash
# Issue 25: GET /v1/reports/recurring-revenue at volume (docs/reports.md, "Recurring revenue, commitments and
# upcoming postings"). A scratch tenant gets BENCH_TEMPLATES setups' history in recurring_amount_changes (created,
# then raised a month later; every third paused two months later; 10 % in USD), spread over two years; the report
# over those 24 months is timed through recur-server (release), next to a hand-written single SQL aggregate of the
# closing MRR per month end and currency (no movement) on the same rows. Prints both medians and the ratio.
#
#   bench/recurring-reports/run.sh
#
# Settings: BENCH_TEMPLATES (100000), BENCH_ROUNDS (5), BENCH_SKIP_BUILD (0), BENCH_PORT (18090).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
export PATH=/opt/swift/usr/bin:$PATH
[ -n "${DATABASE_URL:-}" ] || eval "$(deploy/pg-local.sh env)"
templates=${BENCH_TEMPLATES:-100000}
rounds=${BENCH_ROUNDS:-5}
port=${BENCH_PORT:-18090}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --product recur-server >&2
    swift build -c release --product recur-admin >&2
fi
bin=.build/release
[ -x "$bin/recur-admin" ] || bin=.build/debug  # the CLI only creates the tenant: not timed
export RECUR_SQL_DIR="$root/sql"
"$bin/recur-admin" migrate >/dev/null
slug="bench-mrr-$$"
key=$("$bin/recur-admin" tenant create "$slug" --name "Bench MRR" --time-zone UTC --currency EUR --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"]["key"])')
schema="tenant_${slug//-/_}"
psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
SET search_path = $schema;
INSERT INTO recurring_amount_changes (template_kind, template_id, reason, state, effective_on, period_amount, monthly_amount, currency)
SELECT 'invoice', ('00000000-0000-0000-0000-' || lpad(to_hex(g), 12, '0'))::uuid, r.reason, r.state,
       date '2024-01-01' + (g % 700) + r.shift, 10 + g % 90, (10 + g % 90) * r.factor,
       CASE WHEN g % 10 = 0 THEN 'USD' ELSE 'EUR' END
FROM generate_series(1, $templates) AS g,
     (VALUES ('created', 'active', 0, 1), ('updated', 'active', 30, 2), ('paused', 'paused', 60, 2)) AS r(reason, state, shift, factor)
WHERE r.reason <> 'paused' OR g % 3 = 0;
ANALYZE recurring_amount_changes;
SQL
rows=$(psql -X -At "$DATABASE_URL" -c "SELECT count(*) FROM $schema.recurring_amount_changes")

PORT=$port RECUR_LOG=off RECUR_MIGRATE=auto .build/release/recur-server >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; "$bin/recur-admin" tenant delete "$slug" --confirm "$slug" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
url="http://127.0.0.1:$port/v1/reports/recurring-revenue?from=2024-01-01&to=2025-12-31"
curl -fs -o /dev/null -H "Authorization: Bearer $key" "$url"  # warm-up
ours=$(for _ in $(seq "$rounds"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $key" "$url"
done | median)
aggregate="
WITH months AS (SELECT (d + interval '1 month - 1 day')::date AS month_end
                FROM generate_series(date '2024-01-01', date '2025-12-01', interval '1 month') AS d),
     c AS (SELECT template_id, seq, coalesce(effective_on, changed_at::date) AS effective, state, monthly_amount,
                  currency, ends_on FROM $schema.recurring_amount_changes WHERE template_kind = 'invoice')
SELECT m.month_end, l.currency, sum(l.monthly_amount)
FROM months AS m CROSS JOIN LATERAL (
    SELECT DISTINCT ON (template_id) state, monthly_amount, currency, ends_on FROM c
    WHERE effective <= m.month_end ORDER BY template_id, effective DESC, seq DESC) AS l
WHERE l.state = 'active' AND (l.ends_on IS NULL OR l.ends_on >= m.month_end)
GROUP BY 1, 2 ORDER BY 1, 2"
sql=$(for _ in $(seq "$rounds"); do
    start=$(date +%s.%N); psql -X -q -At "$DATABASE_URL" -c "$aggregate" >/dev/null; end=$(date +%s.%N)
    echo "$end - $start" | bc
done | median)
# The report's own statement alone (what the server then decodes and sweeps in Swift).
own="SELECT dense_rank() OVER (ORDER BY template_id)::int - 1 AS template_number,
       CASE WHEN monthly_amount IS NULL THEN template_id END AS backfilled_id,
       effective, state = 'active' AS active, monthly_amount, currency, ends_on
FROM (SELECT *, coalesce(effective_on, (changed_at AT TIME ZONE 'UTC')::date) AS effective
      FROM $schema.recurring_amount_changes WHERE template_kind = 'invoice') AS changes
WHERE effective <= date '2025-12-31' ORDER BY effective, seq"
statement=$(for _ in $(seq "$rounds"); do
    start=$(date +%s.%N); psql -X -q -At "$DATABASE_URL" -c "$own" >/dev/null; end=$(date +%s.%N)
    echo "$end - $start" | bc
done | median)
echo "templates=$templates history_rows=$rows months=24"
echo "recurring-revenue (HTTP, JSON, opening/movement/closing): median ${ours}s"
echo "hand-written SQL aggregate (closing MRR only):            median ${sql}s"
echo "the report's statement alone (psql, rows to the client):  median ${statement}s"
echo "ratio: $(echo "scale=2; $ours / $sql" | bc)"
