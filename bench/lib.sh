# The prologue the benchmarks share (bench/banking, bench/reports, bench/delivery, bench/eod), sourced by their
# run.sh after `set -euo pipefail` and after they set `here` (their folder) and `root` (the checkout to build and
# migrate from). Each function sets shell variables the run.sh then uses, named below.

# bench_database NAME: starts the local PostgreSQL cluster (PG_LOCAL=<path of pg-local.sh>: another checkout's
# cluster) and sets db=NAME, base_url, admin_url (the cluster's `recur` database, where NAME is created and dropped)
# and url (NAME's); exports RECUR_SQL_DIR (the migrations of $root).
bench_database() {
    local pg_local=${PG_LOCAL:-$root/deploy/pg-local.sh}
    bash "$pg_local" start >/dev/null
    base_url=$(bash "$pg_local" url)
    db=$1
    admin_url="${base_url%/*}/recur"
    url="${base_url%/*}/$db"
    export RECUR_SQL_DIR="$root/sql"
}

# bench_results: out=$here/results/<UTC time>, created; say TEXT… prints "== TEXT" and adds it to $out/log.txt.
bench_results() {
    out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$out"
}
say() { echo "== $*" | tee -a "$out/log.txt"; }

# bench_build PRODUCT…: builds each product (release) into $here/.build, the log in $out/build.log (its tail on
# stderr when it fails), unless BIN is set or BUILD=0; sets bin (BIN, else $here/.build/release).
bench_build() {
    if [ -z "${BIN:-}" ] && [ "${BUILD:-1}" = 1 ]; then
        say "building $* (release)"
        local product
        for product in "$@"; do
            swift build -c release --package-path "$root" --scratch-path "$here/.build" --product "$product" \
                > "$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 1; }
        done
    fi
    bin=${BIN:-$here/.build/release}
}

# For benchmarks against a recur-server: the EXIT trap stops it and drops $db (unless KEEP=1);
# bench_start_server [NAME=VALUE…] starts $bin/recur-server on 127.0.0.1:$PORT against $url (with those variables
# too; its log $out/server.log) and waits for /healthz; sets server_pid.
server_pid=""
bench_server_cleanup() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    [ "${KEEP:-0}" = 1 ] || psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
}
bench_start_server() {
    say "starting recur-server on 127.0.0.1:$PORT"
    env DATABASE_URL="$url" RECUR_LOG=off PORT="$PORT" HOST=127.0.0.1 "$@" "$bin/recur-server" > "$out/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do
        curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: recur-server exited (see $out/server.log)" >&2; exit 1; }
        sleep 0.2
    done
}

# bench_cpu PGDATA: the CPU seconds used so far by the server ($server_pid) and by the PostgreSQL cluster whose data
# folder is PGDATA (the postmaster, its children alive, and those it has reaped), as "server postgres". CPU time
# depends much less than wall time on what else the machine runs: the difference of two readings says how much work
# a step did on each side.
bench_cpu() {
    local postmaster ticks
    postmaster=$(head -1 "$1/postmaster.pid" 2>/dev/null || echo 0)
    ticks=$(getconf CLK_TCK)
    python3 - "$server_pid" "$postmaster" "$ticks" <<'PY'
import os, sys
server, postmaster, ticks = int(sys.argv[1] or 0), int(sys.argv[2]), int(sys.argv[3])
def stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
def own(fields): return int(fields[11]) + int(fields[12])
s = stat(server)
pg = 0
m = stat(postmaster)
if m: pg += own(m) + int(m[13]) + int(m[14])
for name in os.listdir("/proc"):
    if name.isdigit():
        f = stat(name)
        if f and int(f[1]) == postmaster: pg += own(f)
print(f"{(own(s) if s else 0) / ticks:.2f} {pg / ticks:.2f}")
PY
}
