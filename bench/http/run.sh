#!/usr/bin/env bash
# Issue 4's HTTP benchmark: recur-server against a Hummingbird + postgres-nio peer (bench/http/hummingbird-peer),
# same database, same run, GET /healthz and GET /v1/tenant, measured with wrk.
#
#   bench/http/run.sh            build both (release), measure, print the table
#
# Settings (environment):
#   BENCH_DURATION   15s    each measured wrk run
#   BENCH_WARMUP     5s     an unrecorded wrk run before each measured one (same endpoint, same connections)
#   BENCH_CONNECTIONS 64    wrk -c
#   BENCH_THREADS    2      wrk -t
#   BENCH_POOL_SIZE  8      RECUR_DB_POOL_SIZE of ours (= handler threads) and PostgresClient size of the peer
#   BENCH_LOGGED     1      also measure ours with RECUR_LOG=json (stdout to a file), reported separately; 0 skips
#   BENCH_SKIP_BUILD 0      1: use the binaries already built
#   BENCH_ROUNDS     3      rounds; each starts every server afresh, the first server alternating between rounds;
#                           the table shows medians over rounds, and every round below it
#   BENCH_QUIET_BUSY (unset) before starting each server, wait until the machine is at most this % busy (2 s
#                           sample), for up to BENCH_QUIET_WAIT (180) seconds; the % found is reported either way
#   OURS_PORT/PEER_PORT 18080/18081
#
# Order in a round: ours (RECUR_LOG=off), the peer, ours with RECUR_LOG=json (even rounds: the peer first); one server
# at a time, each started fresh, so the two never share the cores during a measurement. Nothing is pinned: the
# server, PostgreSQL and wrk share the machine's cores (2 here), for both servers alike. Raw wrk output goes to bench/http/results/<stamp>/
# (git-ignored); the table is printed and written to summary.md there.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-5s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
pool_size=${BENCH_POOL_SIZE:-8}
logged=${BENCH_LOGGED:-1}
ours_port=${OURS_PORT:-18080}
peer_port=${PEER_PORT:-18081}

ours_scratch="$here/.build/recur"  # its own build folder: does not wait on (or disturb) the root's .build
ours_bin="$ours_scratch/release"
peer_dir="$here/hummingbird-peer"
peer_bin="$peer_dir/.build/release/HummingbirdPeer"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/$stamp"
mkdir -p "$out"

say() { printf '[bench/http] %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    say "installing wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }

# --- database ----------------------------------------------------------------------------------------------------
# Retried: other work on this checkout may be restarting the shared cluster (the tests do).
pg_up() {
    for attempt in $(seq 1 30); do
        "$root/deploy/pg-local.sh" start >/dev/null 2>&1 && return 0
        [ "$attempt" = 30 ] && { "$root/deploy/pg-local.sh" start; exit 1; }
        sleep 2
    done
}
pg_up
DATABASE_URL=$("$root/deploy/pg-local.sh" url)
export DATABASE_URL
export RECUR_SQL_DIR="$root/sql"

# --- builds ------------------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    say "building recur-server and recur-admin (release)"
    # Retried: in a shared checkout, a source edited mid-build fails the build with "modified during the build".
    built=false
    for _ in 1 2 3; do
        if (cd "$root" && swift build -c release --scratch-path "$ours_scratch" --product recur-server \
            && swift build -c release --scratch-path "$ours_scratch" --product recur-admin) >"$out/build-ours.log" 2>&1; then
            built=true; break
        fi
        grep -q "modified during the build" "$out/build-ours.log" || break
        say "a source changed during the build; building again"
    done
    $built || { tail -n 40 "$out/build-ours.log" >&2; exit 1; }
    say "building the Hummingbird peer (release)"
    (cd "$peer_dir" && swift build -c release >"$out/build-peer.log" 2>&1) \
        || { tail -n 40 "$out/build-peer.log" >&2; exit 1; }
fi

# --- tenant and key ----------------------------------------------------------------------------------------------
admin="$ours_bin/recur-admin"
"$admin" migrate >/dev/null
if "$admin" tenant show bench-tenant >/dev/null 2>&1; then
    key=$("$admin" key create bench-tenant --label "bench-http" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
else
    key=$("$admin" tenant create bench-tenant --name "Bench" --json \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"]["key"])')
fi
[ -n "$key" ] || { say "no API key"; exit 1; }

# --- servers -----------------------------------------------------------------------------------------------------
server_pid=""

stop_server() {
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT

wait_ready() {  # port
    for _ in $(seq 1 300); do
        curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$server_pid" 2>/dev/null || { say "server exited"; return 1; }
        sleep 0.2
    done
    say "server on port $1 not ready"; return 1
}

# A server that cannot start (the shared cluster restarting under it, say) is started again, up to 5 times.
start_ours() {  # log mode (off|json)
    local attempt
    for attempt in 1 2 3 4 5; do
        pg_up
        RECUR_LOG=$1 PORT=$ours_port HOST=127.0.0.1 RECUR_DB_POOL_SIZE=$pool_size \
            "$ours_bin/recur-server" >"$out/ours-$1.stdout" 2>>"$out/ours-$1.stderr" &
        server_pid=$!
        wait_ready "$ours_port" && return 0
        stop_server; sleep 3
    done
    exit 1
}

start_peer() {
    local attempt
    for attempt in 1 2 3 4 5; do
        pg_up
        PORT=$peer_port HOST=127.0.0.1 PEER_DB_POOL_SIZE=$pool_size "$peer_bin" >"$out/peer.stdout" 2>>"$out/peer.stderr" &
        server_pid=$!
        wait_ready "$peer_port" && return 0
        stop_server; sleep 3
    done
    exit 1
}

# --- measuring ---------------------------------------------------------------------------------------------------
# to_ms VALUE_WITH_UNIT → milliseconds
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

# measure NAME PORT PATH → writes $out/NAME.wrk, prints "req/s p99ms errors"
measure() {
    local name=$1 port=$2 path=$3
    local -a header=()
    [ "$path" = /v1/tenant ] && header=(-H "Authorization: Bearer $key")
    # Check the answer first: a benchmark of 401s measures nothing.
    local status
    status=$(curl -s -o "$out/$name.body" -w '%{http_code}' "${header[@]}" "http://127.0.0.1:$port$path")
    [ "$status" = 200 ] || { say "$name: $path answered $status: $(cat "$out/$name.body")"; exit 1; }
    wrk -t"$threads" -c"$connections" -d"$warmup" "${header[@]}" "http://127.0.0.1:$port$path" >/dev/null
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "${header[@]}" "http://127.0.0.1:$port$path" >"$out/$name.wrk"
    local rps p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/$name.wrk")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out/$name.wrk")")
    errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out/$name.wrk")
    echo "$rps $p99 $errors"
}

# busy_percent SECONDS → CPU busy % of the whole machine over that window (taken while no server is measured: what
# else runs on the machine, e.g. other builds and tests, which this benchmark cannot stop).
busy_percent() {
    local a b
    a=$(awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
    sleep "$1"
    b=$(awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[2] - x[2]; printf "%.0f", (d > 0 ? 100 * (y[1] - x[1]) / d : 0) }'
}

declare -A rps p99 errs
record() {  # SERVER ENDPOINT PORT ROUND
    local name="$1-r$4${2//\//_}" r k="$1 $2 $4"
    r=$(measure "$name" "$3" "$2")
    read -r "rps[$k]" "p99[$k]" "errs[$k]" <<<"$r"
    say "$(printf 'round %s %-9s %-11s %10s req/s  p99 %8s ms  errors %s' "$4" "$1" "$2" "${rps[$k]}" "${p99[$k]}" "${errs[$k]}")"
}

endpoints=(/healthz /v1/tenant)
rounds=${BENCH_ROUNDS:-3}
servers=(ours peer)
[ "$logged" = 1 ] && servers+=(ours-log)
declare -A background
quiet_busy=${BENCH_QUIET_BUSY:-}
quiet_wait=${BENCH_QUIET_WAIT:-180}
log_lines=0

run_server() {  # SERVER ROUND
    local busy waited=0
    busy=$(busy_percent 2)
    while [ -n "$quiet_busy" ] && [ "$busy" -gt "$quiet_busy" ] && [ "$waited" -lt "$quiet_wait" ]; do
        sleep 3; waited=$((waited + 5)); busy=$(busy_percent 2)
    done
    background["$1 $2"]=$busy
    case $1 in
        ours) start_ours off; port=$ours_port ;;
        ours-log) start_ours json; port=$ours_port ;;
        peer) start_peer; port=$peer_port ;;
    esac
    say "round $2: $1 started (machine busy ${background["$1 $2"]}% in the 2 s before)"
    for e in "${endpoints[@]}"; do record "$1" "$e" "$port" "$2"; done
    stop_server
    if [ "$1" = ours-log ]; then
        log_lines=$((log_lines + $(wc -l <"$out/ours-json.stdout")))
        rm -f "$out/ours-json.stdout"  # hundreds of MB; only its line count is kept
    fi
}

for round in $(seq 1 "$rounds"); do
    # Alternate who goes first, so a drift in background load does not always favour the same server.
    if [ $((round % 2)) = 1 ]; then order=("${servers[@]}"); else order=(peer ours); [ "$logged" = 1 ] && order+=(ours-log); fi
    for server in "${order[@]}"; do run_server "$server" "$round"; done
done

# --- report ------------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
values() {  # ARRAY SERVER ENDPOINT → the values of every round
    local -n arr=$1
    local r
    for r in $(seq 1 "$rounds"); do echo "${arr["$2 $3 $r"]}"; done
}

{
    echo "HTTP benchmark $stamp: wrk -t$threads -c$connections -d$duration --latency after a $warmup warm-up;" \
        "pool $pool_size; $(nproc) cores shared by server, PostgreSQL and wrk; $rounds round(s), medians shown"
    echo
    echo "| endpoint | ours req/s | ours p99 ms | peer req/s | peer p99 ms | throughput ours/peer | p99 ours/peer |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for e in "${endpoints[@]}"; do
        ours_r=$(median $(values rps ours "$e")); ours_p=$(median $(values p99 ours "$e"))
        peer_r=$(median $(values rps peer "$e")); peer_p=$(median $(values p99 peer "$e"))
        echo "| $e | $ours_r | $ours_p | $peer_r | $peer_p | $(ratio "$ours_r" "$peer_r")× | $(ratio "$ours_p" "$peer_p")× |"
    done
    if [ "$logged" = 1 ]; then
        echo
        echo "ours with RECUR_LOG=json (stdout to a file; $log_lines log lines), against the same peer figures:"
        echo
        echo "| endpoint | ours req/s | ours p99 ms | throughput ours/peer | p99 ours/peer |"
        echo "|---|---:|---:|---:|---:|"
        for e in "${endpoints[@]}"; do
            log_r=$(median $(values rps ours-log "$e")); log_p=$(median $(values p99 ours-log "$e"))
            peer_r=$(median $(values rps peer "$e")); peer_p=$(median $(values p99 peer "$e"))
            echo "| $e | $log_r | $log_p | $(ratio "$log_r" "$peer_r")× | $(ratio "$log_p" "$peer_p")× |"
        done
    fi
    echo
    echo "every round (req/s, p99 ms; machine busy % just before each server started):"
    echo
    echo "| round | server | busy | /healthz req/s | /healthz p99 | /v1/tenant req/s | /v1/tenant p99 |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    for r in $(seq 1 "$rounds"); do
        for sv in "${servers[@]}"; do
            echo "| $r | $sv | ${background["$sv $r"]}% | ${rps["$sv /healthz $r"]} | ${p99["$sv /healthz $r"]} | ${rps["$sv /v1/tenant $r"]} | ${p99["$sv /v1/tenant $r"]} |"
        done
    done
    echo
    echo "ratios ours/peer within each round (throughput, p99):"
    echo
    echo "| round | /healthz req/s | /healthz p99 | /v1/tenant req/s | /v1/tenant p99 |"
    echo "|---:|---:|---:|---:|---:|"
    for r in $(seq 1 "$rounds"); do
        line="| $r"
        for e in "${endpoints[@]}"; do
            line+=" | $(ratio "${rps["ours $e $r"]}" "${rps["peer $e $r"]}")× | $(ratio "${p99["ours $e $r"]}" "${p99["peer $e $r"]}")×"
        done
        echo "$line |"
    done
    total_errors=0
    for k in "${!errs[@]}"; do total_errors=$((total_errors + errs[$k])); done
    echo
    echo "goal (RECUR_LOG=off): throughput ≥ 1.00×, p99 ≤ 1.20×. wrk errors (non-2xx + socket), all runs: $total_errors"
} | tee "$out/summary.md"
