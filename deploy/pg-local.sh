#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests.
#
#   deploy/pg-local.sh start     create (first time) and start the cluster; prints DATABASE_URL=…
#   deploy/pg-local.sh stop      stop it
#   deploy/pg-local.sh restart   restart it (the tests use this to check reconnection)
#   deploy/pg-local.sh status    say whether it runs
#   deploy/pg-local.sh url       print the DATABASE_URL only
#   deploy/pg-local.sh env       print `export DATABASE_URL=…` for eval
#   deploy/pg-local.sh admin-url print a superuser URL (`postgres` over the local socket) for tenant moves
#   deploy/pg-local.sh destroy   stop it and delete its folder
#
# A second word names another instance, a separate cluster with its own folder and port (the tenant directory's
# tests run two: `deploy/pg-local.sh start second`, `… stop second`, `… url second`). RECUR_PG_PORT applies to the
# first instance only.
#
# The cluster lives in .pgdata/ of the checkout (git-ignored). Run as root, the server runs as the `postgres`
# user; when that user cannot reach the checkout (a private home folder), the cluster goes to
# /tmp/recur-pgdata-<hash of the checkout path> instead. The port is derived from the checkout path too, so two
# checkouts on one machine do not collide; RECUR_PG_PORT overrides it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
checkout_hash=$(printf '%s' "$root" | cksum | cut -d' ' -f1)

bindir=${RECUR_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[ -x "$bindir/initdb" ] || { echo "pg-local: PostgreSQL server binaries not found (run deploy/setup.sh)" >&2; exit 1; }

as_root=false
[ "$(id -u)" -eq 0 ] && as_root=true

# Runs a command as the cluster's owner.
as_owner() {
    if $as_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

instance=${2:-}
case "$instance" in
    "") suffix="" ;;
    *[!a-z0-9]*) echo "pg-local: an instance name is lower-case letters and digits" >&2; exit 2 ;;
    *) suffix="-$instance"; unset RECUR_PG_PORT ;;
esac

base="$root/.pgdata$suffix"
if $as_root && ! runuser -u postgres -- test -x "$root" 2>/dev/null; then
    base="/tmp/recur-pgdata-$checkout_hash$suffix"
fi
data="$base/data"
run="$base/run"
log="$base/postgres.log"

port_file="$base/port"
if [ -n "${RECUR_PG_PORT:-}" ]; then
    port=$RECUR_PG_PORT
elif [ -f "$port_file" ]; then
    port=$(cat "$port_file")
else
    # Below Linux's ephemeral range (32768–60999): a port in it can be taken, at the moment the cluster starts, as
    # the local end of any outgoing connection (a CI run's second cluster once failed so: "Address already in use").
    port=$((20000 + checkout_hash % 12000))
    # Another instance starts further on (the free-port search then moves past anything taken).
    [ -n "$suffix" ] && port=$((port + 100 + $(printf '%s' "$instance" | cksum | cut -d' ' -f1) % 100))
fi

url="postgresql://recur:recur@127.0.0.1:$port/recur"

is_running() { [ -f "$data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

create_cluster() {
    mkdir -p "$base"
    $as_root && chown postgres: "$base"
    chmod 700 "$base"
    as_owner mkdir -p "$run"
    as_owner "$bindir/initdb" -D "$data" -U postgres --encoding=UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 >"$base/initdb.log" 2>&1 \
        || { cat "$base/initdb.log" >&2; exit 1; }
    # Choose a free port once; it is kept with the cluster.
    if [ -z "${RECUR_PG_PORT:-}" ]; then
        while port_in_use "$port"; do port=$((port + 1)); done
    fi
    echo "$port" | as_owner tee "$port_file" >/dev/null
    url="postgresql://recur:recur@127.0.0.1:$port/recur"
}

start() {
    if [ ! -f "$data/PG_VERSION" ]; then
        echo "pg-local: creating a cluster in $base" >&2
        create_cluster
    fi
    if ! is_running; then
        as_owner mkdir -p "$run"
        # Development settings: durability traded for speed (this cluster holds nothing that matters). A backend
        # serving hundreds of tenant schemas touches thousands of relation files: max_files_per_process lets it keep
        # them open, within the soft open-file limit (often 1,024), raised here to the hard one.
        as_owner sh -c 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"' "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "-p $port -k $run \
            -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=1GB -c max_wal_size=4GB \
            -c checkpoint_timeout=30min -c max_files_per_process=8192 \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=256 \
            -c wal_level=logical -c max_replication_slots=20 -c max_wal_senders=20 -c max_worker_processes=16 \
            -c max_logical_replication_workers=8 -c max_sync_workers_per_subscription=4" \
            start >/dev/null </dev/null 2>&1 || { tail -n 20 "$log" >&2; exit 1; }
    fi
    local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$run" -p "$port" -U postgres)
    if [ "$(as_owner "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'recur'")" != "1" ]; then
        as_owner "${psql[@]}" -d postgres -c "CREATE ROLE recur LOGIN CREATEDB PASSWORD 'recur'"
    fi
    # Development cluster only: the benchmarks flush the provisioning's dirty pages before timing (PostgreSQL 15+).
    as_owner "${psql[@]}" -d postgres -c "GRANT pg_checkpoint TO recur" >/dev/null 2>&1 || true
    if [ "$(as_owner "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'recur'")" != "1" ]; then
        as_owner "${psql[@]}" -d postgres -c "CREATE DATABASE recur OWNER recur"
    fi
    echo "DATABASE_URL=$url"
}

stop() {
    if is_running; then as_owner "$bindir/pg_ctl" -D "$data" -w -m fast stop >/dev/null; fi
    echo "pg-local: stopped" >&2
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    restart)
        is_running || { start >/dev/null; }
        as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -m fast restart >/dev/null </dev/null 2>&1
        echo "DATABASE_URL=$url" ;;
    status) if is_running; then echo "running on port $port ($base)"; else echo "stopped ($base)"; exit 3; fi ;;
    url) echo "$url" ;;
    env) start >/dev/null; echo "export DATABASE_URL='$url'" ;;
    admin-url) echo "postgresql://postgres@/recur?host=$run&port=$port" ;;
    destroy) stop; rm -rf "$base" ;;
    *) echo "usage: $0 start|stop|restart|status|url|env|admin-url|destroy [INSTANCE]" >&2; exit 2 ;;
esac
