#!/usr/bin/env bash
# Delivery benchmark (issue 23): N `invoice_issued` notifications, each invoice with a kept PDF, delivered by
# `recur-worker deliver` (release build) to a local SMTP relay, with 1 worker and with 2; then the same N webhook
# deliveries (invoice.issued) to a local HTTPS receiver. Next to each, in the same run, a reference client sending
# the same-size messages / requests to the same relay / receiver, one at a time on one kept connection, as fast as
# it can (the relay's and the receiver's own intake). Prints e-mails/s (total and per worker), webhooks/s, the
# ratios, p50/p99 latency from the attempt logs, and each worker's RSS at 10 %, 50 % and 90 % of its run and peak.
# Goals: ≥ 200 e-mails/s per worker, ≥ 1,000 webhooks/s, memory flat.
#
#   bench/delivery/run.sh                    # N=100000 (the issue's figure), about 25 minutes on 2 shared cores
#   N=4000 bench/delivery/run.sh             # a quick run, about 1.5 minutes
#   REF_N=… (reference messages, default N/5 up to 20,000), BATCH=… (recur-worker --batch-size, default 50),
#   WORKERS="1 2" (worker counts to run), HOOK_CONNECTIONS=4 (webhook requests in flight per worker, and the
#   connections of the parallel reference), ONLY=emails|webhooks (measure one half; both by default), RECUR_ROOT=… (build from another checkout), PERF=1 (perf record the first
#   worker of each run: results/<stamp>/<run>.perf.data, for `perf report -i …`)
#
# The relay is bench/delivery/smtp_sink.py (one asyncio loop, data scanned in bulk, messages dropped; plain SMTP,
# recur-worker with RECUR_SMTP_TLS=optional): Debian's aiosmtpd, which the tests use, takes about 200 such messages
# a second and would be what is measured (RELAY=aiosmtpd runs with it anyway). The receiver is
# bench/delivery/webhook_receiver.py (threaded http.server over TLS, a self-signed certificate, signatures checked).
# Seeding: N recurring setups posted by `recur-worker eod` (invoices, outbox rows, and the webhook fan-out of the
# outbox trigger), then one real PDF, rendered by `recur-worker documents` for a one-invoice tenant, kept for every
# invoice in one INSERT … SELECT. Figures: docs/benchmarks.md, "Delivery".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${RECUR_ROOT:-$(cd "$here/../.." && pwd)}
N=${N:-100000}
REF_N=${REF_N:-$(( N / 5 < 20000 ? (N / 5 > 500 ? N / 5 : 500) : 20000 ))}
BATCH=${BATCH:-50}
WORKERS=${WORKERS:-1 2}
HOOK_CONNECTIONS=${HOOK_CONNECTIONS:-4}   # recur-worker --webhook-connections, and the parallel reference
ONLY=${ONLY:-}
case "$ONLY" in ""|emails|webhooks) ;; *) echo "run.sh: ONLY must be emails or webhooks, not $ONLY" >&2; exit 64;; esac
RELAY=${RELAY:-sink}
AS_OF=2026-06-30
py=/usr/bin/python3   # Debian's, with python3-aiosmtpd (a pyenv python3 on PATH may lack it)
slug=bench-delivery
schema=tenant_bench_delivery

source "$here/../lib.sh"
bench_database recur_bench_delivery
work=$(mktemp -d /tmp/recur-bench-delivery.XXXXXX)
out="$here/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
pids=()
cleanup() {  # also after a failure: the seeded database holds N PDFs (2.5 GB at N=100000)
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
    psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
}
trap cleanup EXIT
load() { echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg) ($1)"; }
q() { psql -X -q -tA -v ON_ERROR_STOP=1 "$url" "$@"; }

echo "== building recur-worker and recur-admin (release)"
(cd "$root" && swift build -c release --product recur-worker 2>&1 | grep -E "error:|complete" | tail -3 &&
    swift build -c release --product recur-admin 2>&1 | grep -E "error:|complete" | tail -3)
bin="$root/.build/release"

echo "== relay ($RELAY), receiver, certificate"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
secret=whsec_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
start_server() {  # name, command…: starts it, waits for the port it prints
    local name=$1; shift
    "$@" > "$work/$name.port" 2> "$out/$name.log" &
    pids+=($!)
    eval "${name}_pid=$!"
    for _ in $(seq 1 100); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
    [ -s "$work/$name.port" ] || { echo "run.sh: $name did not start (see $out/$name.log)" >&2; exit 1; }
    eval "${name}_port=$(head -1 "$work/$name.port")"
}
start_server relay "$py" "$here/smtp_sink.py" --state "$work/relay" --impl "$RELAY"
start_server receiver "$py" "$here/webhook_receiver.py" --state "$work/receiver" --cert "$work/cert.pem" \
    --key "$work/key.pem" --secret "$secret"
stats() {  # server name → its stats.json, fresh
    local pid_var="${1}_pid"
    rm -f "$work/$1/stats.json"
    kill -USR1 "${!pid_var}"
    for _ in $(seq 1 50); do [ -s "$work/$1/stats.json" ] && break; sleep 0.05; done
    cat "$work/$1/stats.json"
}
field() { sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p" <<<"$1"; }

echo "== seeding $N invoice_issued notifications with a kept PDF, and $N webhook deliveries"
psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
DATABASE_URL=$url "$bin/recur-admin" migrate >/dev/null
for t in "$slug" bench-pdf; do
    DATABASE_URL=$url "$bin/recur-admin" tenant create "$t" --name "Bench Supplier SARL" --currency EUR --json >/dev/null
done
# The tenant: one customer, N monthly setups due on the as-of date, one endpoint subscribed to invoice.issued
# (enabled, so the EOD's outbox COPY fans out to it). The PDF tenant: the same with one setup.
seed_tenant() {  # schema, setups
    q <<SQL
BEGIN;
SET LOCAL search_path TO $1;
INSERT INTO parties (kind, name, email, control_account_id, payment_terms_days, currency, billing_address)
SELECT 'customer', 'Customer Industries SA', 'billing@customer.example', id, 14, 'EUR',
       '{"line1": "12 rue des Lilas", "postalCode": "75011", "city": "Paris", "country": "FR"}'::jsonb
FROM accounts WHERE role = 'accountsReceivable';
INSERT INTO recurring_invoice_setups (party_id, mode, amount, description, income_account_id, payment_terms_days,
    currency, statement_reference, schedule)
SELECT p.id, 'amount', 100 + (g % 50), 'Subscription, support and hosting', a.id, 14, 'EUR',
       'Invoice for {RIMonth}-{RIYear}', '{"kind":"monthly","interval":1,"start":"$AS_OF","count":12}'::jsonb
FROM parties p, (SELECT id FROM accounts WHERE role = 'salesIncome') a, generate_series(1, $2) g;
INSERT INTO webhook_endpoints (url, event_types, secret)
VALUES ('https://127.0.0.1:$receiver_port/hooks/recur', '{invoice.issued}', '$secret');
COMMIT;
SQL
}
seed_tenant "$schema" "$N"
seed_tenant tenant_bench_pdf 1
DATABASE_URL=$url "$bin/recur-worker" eod --as-of "$AS_OF" --concurrency 2 | tail -1
DATABASE_URL=$url "$bin/recur-worker" documents --tenant bench-pdf | tail -1
q <<SQL
INSERT INTO $schema.invoice_documents (invoice_id, format, body, renderer)
SELECT i.id, 'pdf', d.body, d.renderer FROM $schema.invoices i,
       (SELECT body, renderer FROM tenant_bench_pdf.invoice_documents WHERE format = 'pdf') d;
-- The webhook deliveries wait (due tomorrow) while the e-mails are measured; the endpoint stays as it is.
UPDATE $schema.webhook_deliveries SET next_attempt_at = now() + interval '1 day';
DELETE FROM tenant_bench_pdf.webhook_deliveries;
SQL
q -c "VACUUM (ANALYZE)" 2>/dev/null
q -c "CHECKPOINT" 2>/dev/null || echo "(no CHECKPOINT: the role lacks pg_checkpoint)"
q -c "SELECT encode(body, 'base64') FROM tenant_bench_pdf.invoice_documents WHERE format = 'pdf'" | base64 -d > "$out/invoice.pdf"
queued=$(q -c "SELECT count(*) FROM $schema.notification_outbox WHERE kind = 'invoice_issued' AND status = 'pending'")
hooks=$(q -c "SELECT count(*) FROM $schema.webhook_deliveries WHERE status = 'pending'")
with_pdf=$(q -c "SELECT count(*) FROM $schema.invoice_documents WHERE format = 'pdf'")
pdf_bytes=$(stat -c %s "$out/invoice.pdf")
echo "   queued: $queued e-mails, $hooks webhook deliveries; kept PDFs: $with_pdf of $pdf_bytes bytes each"
[ "$queued" -eq "$N" ] && [ "$hooks" -eq "$N" ] && [ "$with_pdf" -eq "$N" ] || { echo "run.sh: seeding is short" >&2; exit 1; }

# Samples VmRSS (kB) and CPU time (user + system, clock ticks) of a process every 0.1 s into FILE as
# "<seconds since start> <kB> <ticks>", until it ends.
sample_rss() {  # pid file
    local start now rss ticks
    start=$(date +%s.%N)
    while rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null) && [ -n "$rss" ] &&
        ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null) && [ -n "$ticks" ]; do
        now=$(date +%s.%N)
        echo "$(echo "$now - $start" | bc) $rss $ticks" >> "$2"
        sleep 0.1
    done
}
# CPU seconds the sampled processes used (their last samples), over all FILEs.
cpu_seconds() {
    local ticks=0 last
    for file in "$@"; do last=$(tail -1 "$file" | awk '{ print $3 }'); ticks=$((ticks + ${last:-0})); done
    echo "$ticks / $(getconf CLK_TCK)" | bc -l
}
# "10% A kB, 50% B kB, 90% C kB, peak D kB" of a sample file.
rss_profile() {
    awk '{ t[NR] = $1; r[NR] = $2; if ($2 > peak) peak = $2 } END {
        if (NR == 0) { print "no samples"; exit }
        end = t[NR]
        for (p = 10; p <= 90; p += 40) { i = 1; while (i < NR && t[i] < end * p / 100) i++; printf "%d%% %d kB, ", p, r[i] }
        printf "peak %d kB (%d samples)", peak, NR }' "$1"
}

# Runs `recur-worker deliver` in COUNT processes at once with the given environment, waits, sets $wall.
deliver() {  # label count env…
    local label=$1 count=$2; shift 2
    local start pid worker_pids=() sampler_pids=()
    start=$(date +%s.%N)
    for w in $(seq 1 "$count"); do
        env "$@" DATABASE_URL="$url" "$bin/recur-worker" deliver --tenant "$slug" --batch-size "$BATCH" --webhook-connections "$HOOK_CONNECTIONS" \
            > "$out/$label-worker-$w.log" 2>&1 &
        pid=$!
        worker_pids+=($pid)
        if [ -n "${PERF:-}" ] && [ "$w" = 1 ]; then
            perf record -q -F 499 -g -p "$pid" -o "$out/$label.perf.data" 2>/dev/null &
        fi
        : > "$out/$label-rss-$w.txt"
        sample_rss "$pid" "$out/$label-rss-$w.txt" &
        sampler_pids+=($!)
    done
    for pid in "${worker_pids[@]}"; do wait "$pid" || { echo "run.sh: a worker failed (see $out/$label-worker-*.log)" >&2; exit 1; }; done
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    for pid in "${sampler_pids[@]}"; do wait "$pid" || true; done
    for w in $(seq 1 "$count"); do echo "   worker $w: $(grep -E "^(delivered|webhooks):" "$out/$label-worker-$w.log" | paste -sd";" -); RSS $(rss_profile "$out/$label-rss-$w.txt")"; done
}

reset_mail() {
    q <<SQL
UPDATE $schema.notification_outbox SET status = 'pending', attempts = 0, sent_at = NULL, claimed_until = NULL,
    next_attempt_at = now(), last_error = NULL;
TRUNCATE $schema.notification_attempts;
SQL
    q -c "VACUUM (ANALYZE) $schema.notification_outbox" -c "CHECKPOINT" 2>/dev/null || true
}
reset_hooks() {
    q <<SQL
UPDATE $schema.webhook_deliveries SET status = 'pending', attempts = 0, sent_at = NULL, claimed_until = NULL,
    next_attempt_at = now(), last_error = NULL, last_status_code = NULL, last_latency_ms = NULL;
TRUNCATE $schema.webhook_attempts;
SQL
    q -c "VACUUM (ANALYZE) $schema.webhook_deliveries" -c "CHECKPOINT" 2>/dev/null || true
}
mail_latency() {  # p50 and p99 (ms) of hand-over to recorded outcome, from the attempt log
    q -c "SELECT format('%s ms / %s ms', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::numeric, 1),
                        round(percentile_cont(0.99) WITHIN GROUP (ORDER BY d)::numeric, 1))
          FROM (SELECT extract(epoch FROM finished_at - started_at) * 1000 AS d FROM $schema.notification_attempts) a"
}
hook_latency() {  # p50 and p99 (ms) of the request, as libcurl timed it (webhook_attempts.latency_ms)
    q -c "SELECT format('%s ms / %s ms', percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms),
                        percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms)) FROM $schema.webhook_attempts"
}

# Reference clients: the same-size message / the same request, REF_N times, one at a time on one connection.
"$py" "$here/ref_smtp.py" write "$out/invoice.pdf" "$out/reference.eml"
smtp_reference() {  # sets $ref_mail (curl, libcurl as recur-worker uses it) and $ref_smtplib
    local start
    for _ in $(seq 1 "$REF_N"); do printf 'url = "smtp://127.0.0.1:%s"\nupload-file = "%s"\n' "$relay_port" "$out/reference.eml"; done > "$work/smtp.cfg"
    start=$(date +%s.%N)
    curl -sS --mail-from billing@supplier.example --mail-rcpt billing@customer.example -K "$work/smtp.cfg"
    ref_mail=$(echo "$REF_N / ($(date +%s.%N) - $start)" | bc -l)
    ref_smtplib=$("$py" "$here/ref_smtp.py" send "$relay_port" "$out/reference.eml" "$(( REF_N / 4 ))" | sed 's/.*per_second=//')
    printf '   reference, curl (libcurl, one connection): %.0f messages/s; Python smtplib: %.0f messages/s\n' "$ref_mail" "$ref_smtplib"
    ref_intake=$(echo "if ($ref_mail > $ref_smtplib) $ref_mail else $ref_smtplib" | bc -l)
}
webhook_reference() {  # $1 connections at once (default 1), REF_N requests in all; sets $ref_hook
    local k=${1:-1} start t body sig i pids=()
    body=$(q -c "SELECT payload::text FROM $schema.webhook_deliveries LIMIT 1")
    printf '%s' "$body" > "$work/body.json"
    t=$(date +%s)
    sig=$(printf '%s' "$t.$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
    for _ in $(seq 1 $((REF_N / k))); do printf 'url = "https://127.0.0.1:%s/hooks/recur"\n' "$receiver_port"; done > "$work/hooks.cfg"
    start=$(date +%s.%N)
    for i in $(seq 1 "$k"); do
        curl -sS --cacert "$work/cert.pem" -H 'Content-Type: application/json' -H "Recur-Signature: t=$t,v1=$sig" \
            -H "Recur-Event-Id: $(uuidgen 2>/dev/null || echo 00000000-0000-0000-0000-000000000000)" -H 'User-Agent: Recur-Webhooks/1' \
            -H 'Expect:' --data-binary @"$work/body.json" -K "$work/hooks.cfg" > /dev/null &
        pids+=($!)
    done
    wait "${pids[@]}"
    ref_hook=$(echo "$k * ($REF_N / $k) / ($(date +%s.%N) - $start)" | bc -l)
    printf '   reference, curl (%s connection(s) at once): %.0f requests/s\n' "$k" "$ref_hook"
}

summary=()
ref_intake=1; ref_bytes=0
mail_env=(RECUR_SMTP_URL="smtp://127.0.0.1:$relay_port" RECUR_SMTP_FROM=billing@supplier.example RECUR_SMTP_TLS=optional)
if [ "$ONLY" != webhooks ]; then
echo "== e-mails: relay intake, reference client ($REF_N messages of $(stat -c %s "$out/reference.eml") bytes)"
load start
before=$(stats relay)
smtp_reference
after=$(stats relay)
ref_bytes=$(( ($(field "$after" bytes) - $(field "$before" bytes)) / ($(field "$after" messages) - $(field "$before" messages)) ))
summary+=("$(printf '%-44s %10.0f %10s %12s' "relay intake (curl reference, 1 connection)" "$ref_mail" "" "")")
summary+=("$(printf '%-44s %10.0f %10s %12s' "relay intake (Python smtplib, 1 connection)" "$ref_smtplib" "" "")")
first=true
for count in $WORKERS; do
    $first || reset_mail
    first=false
    echo "== e-mails: recur-worker deliver, $count worker(s), batch $BATCH"
    load "before"
    before=$(stats relay)
    deliver "mail-$count" "$count" "${mail_env[@]}"
    after=$(stats relay)
    load "after"
    sent=$(q -c "SELECT count(*) FROM $schema.notification_outbox WHERE status = 'sent'")
    relayed=$(( $(field "$after" messages) - $(field "$before" messages) ))
    size=$(( ($(field "$after" bytes) - $(field "$before" bytes)) / (relayed > 0 ? relayed : 1) ))
    rate=$(echo "$sent / $wall" | bc -l)
    echo "   sent $sent of $N (relay received $relayed, $size bytes each, against $ref_bytes for the reference) in $(printf %.1f "$wall") s"
    printf '   worker CPU (user + system): %.0f µs an e-mail\n' "$(echo "$(cpu_seconds "$out/mail-$count"-rss-*.txt) * 1000000 / $N" | bc -l)"
    echo "   hand-over to recorded outcome p50 / p99: $(mail_latency)"
    [ "$sent" -eq "$N" ] || echo "   WARNING: not every notification was sent"
    summary+=("$(printf '%-44s %10.0f %10.0f %12.3f' "recur-worker, $count worker(s)" "$rate" "$(echo "$rate / $count" | bc -l)" "$(echo "$rate / $ref_intake" | bc -l)")")
done
echo "== e-mails: relay intake again, after"
smtp_reference
summary+=("$(printf '%-44s %10.0f %10s %12s' "relay intake after (curl reference)" "$ref_mail" "" "")")
summary+=("$(printf '%-44s %10.0f %10s %12s' "relay intake after (Python smtplib)" "$ref_smtplib" "" "")")
fi

if [ "$ONLY" != emails ]; then
echo "== webhooks: receiver intake, reference client ($REF_N requests)"
q -c "UPDATE $schema.webhook_deliveries SET next_attempt_at = now()"
before=$(stats receiver)
webhook_reference 1
summary+=("$(printf '%-44s %10.0f %10s %12s' "receiver intake (curl reference, 1 connection)" "$ref_hook" "" "")")
webhook_reference "$HOOK_CONNECTIONS"
summary+=("$(printf '%-44s %10.0f %10s %12s' "receiver intake (curl reference, $HOOK_CONNECTIONS connections)" "$ref_hook" "" "")")
first=true
for count in $WORKERS; do
    $first || reset_hooks
    first=false
    echo "== webhooks: recur-worker deliver (no RECUR_SMTP_URL: webhooks only), $count worker(s), batch $BATCH"
    load "before"
    before=$(stats receiver)
    deliver "hooks-$count" "$count" RECUR_WEBHOOK_CA_FILE="$work/cert.pem" RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS=1
    after=$(stats receiver)
    load "after"
    sent=$(q -c "SELECT count(*) FROM $schema.webhook_deliveries WHERE status = 'sent'")
    verified=$(( $(field "$after" verified) - $(field "$before" verified) ))
    rate=$(echo "$sent / $wall" | bc -l)
    echo "   sent $sent of $N (receiver verified $verified signatures) in $(printf %.1f "$wall") s; request p50 / p99: $(hook_latency)"
    printf '   worker CPU (user + system): %.0f µs a webhook\n' "$(echo "$(cpu_seconds "$out/hooks-$count"-rss-*.txt) * 1000000 / $N" | bc -l)"
    [ "$sent" -eq "$N" ] || echo "   WARNING: not every delivery was sent"
    summary+=("$(printf '%-44s %10.0f %10.0f %12.3f' "recur-worker webhooks, $count worker(s)" "$rate" "$(echo "$rate / $count" | bc -l)" "$(echo "$rate / $ref_hook" | bc -l)")")
done
fi

{
    printf '\nN=%s, batch %s, PDF %s bytes, message %s bytes; %s cores; load average %s\n' "$N" "$BATCH" "$pdf_bytes" "$ref_bytes" \
        "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-44s %10s %10s %12s\n' "" "per second" "per worker" "ratio to ref"
    printf '%s\n' "${summary[@]}"
    echo "(e-mail ratios against the relay intake measured before the workers, the better of the two reference clients;"
    echo " goals: 200 e-mails/s per worker, 1,000 webhooks/s)"
} | tee "$out/summary.txt"
