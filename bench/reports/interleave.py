"""Interleaved timing of the reports benchmark: for each report, ROUNDS rounds of one HTTP request to the server then
one run of each of its reference statements, in turn, over kept connections, so that a change of load during the
measurement weighs on both sides alike (bench/reports/run.sh times all of a report's requests, then all of its
statements).

    interleave.py PORT KEY URL SCHEMA ROUNDS NAME=PATH… -- VAR=V…

HTTP: one kept-alive connection of the plain client (floor.py's RawHTTP: prepared request bytes, the answer read up to
its Content-Length; http.client until reports-25c, which added 0.1–0.3 ms of Python parsing per request), the time
from sending the request to the last byte of the body. SQL: one
libpq connection (ctypes, no driver needed), search_path = SCHEMA, the statement of reference/NAME.sql and each
reference/NAME--*.sql, psql variables (:'v', :v) substituted with VAR=V, sent with PQexec (simple protocol, planned
on every run as psql does); the time from sending it to the last row received. Two warm-up rounds. Prints per report
the p50 and min of the route, of its fastest reference (by p50) and the ratio of the p50s, and of the per-round
ratios' median (route ÷ that reference in the same round). OTHER_PORT=… (environment): another server (e.g. the
previous build, on the same database) asked the same request in each round too (first in every other round), its
p50 and min printed after.
"""
import glob
import os
import re
import statistics
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from floor import RawHTTP, pq  # noqa: E402  (pq: libpq through ctypes, its functions' types declared there)

def substitute(sql, variables):
    sql = re.sub(r":'(\w+)'", lambda m: "'" + variables[m.group(1)].replace("'", "''") + "'", sql)
    return re.sub(r"(?<![:\w]):(\w+)\b", lambda m: variables.get(m.group(1), m.group(0)), sql)


def main():
    port, key, url, schema, rounds = sys.argv[1:6]
    rest = sys.argv[6:]
    split = rest.index("--") if "--" in rest else len(rest)
    reports = [a.split("=", 1) for a in rest[:split]]
    variables = dict(a.split("=", 1) for a in rest[split + 1:])
    conn = pq.PQconnectdb(url.encode())
    if pq.PQstatus(conn) != 0:
        sys.exit(pq.PQerrorMessage(conn).decode())
    pq.PQclear(pq.PQexec(conn, f"SET search_path = {schema}".encode()))
    http_conn = RawHTTP(port, key)
    other_port = os.environ.get("OTHER_PORT")
    other_conn = RawHTTP(other_port, key) if other_port else None

    def get(path, connection=None):
        return (connection or http_conn).get(path)

    def run(sql):
        start = time.perf_counter()
        result = pq.PQexec(conn, sql)
        elapsed = (time.perf_counter() - start) * 1000
        status = pq.PQresultStatus(result)
        if status not in (1, 2):  # PGRES_COMMAND_OK, PGRES_TUPLES_OK
            message = pq.PQresultErrorMessage(result).decode()
            pq.PQclear(result)
            return None, message
        pq.PQclear(result)
        return elapsed, None

    print(f"rounds {rounds}; load before: {open('/proc/loadavg').read().split()[:3]}")
    print(f"{'report':22} {'route p50':>9} {'(min)':>7} {'ref p50':>8} {'(min)':>7} {'ratio':>6} {'per-round':>9}  reference")
    for name, path in reports:
        # Recurring commitments: the recurring revenue reference over the recurring expenses (as run.sh).
        ref, kind = ("recurring-revenue", "expense") if name == "recurring-commitments" else (name, "invoice")
        files = [f for f in [os.path.join(here, "reference", f"{ref}.sql")] + sorted(glob.glob(os.path.join(here, "reference", f"{ref}--*.sql"))) if os.path.exists(f)]
        statements = {}
        for f in files:
            sql = substitute(open(f).read().strip(), dict(variables, recurring_kind=kind)).encode()
            elapsed, error = run(sql)
            if error is None and elapsed < 3000:  # the raw-journal variants take seconds: never the fastest
                statements[os.path.basename(f)[:-4]] = sql
        route, other, refs = [], [], {v: [] for v in statements}
        for i in range(int(rounds) + 2):
            if other_conn and i % 2:  # every other round the other server first: no order favours either
                o = get(path, other_conn)
                r = get(path)
            else:
                r = get(path)
                o = get(path, other_conn) if other_conn else None
            t = {v: run(sql)[0] for v, sql in statements.items()}
            if i >= 2:
                route.append(r)
                if o is not None:
                    other.append(o)
                for v in statements:
                    refs[v].append(t[v])
        if not statements:
            print(f"{name:22} {statistics.median(route):9.2f} {min(route):7.2f}  (no reference)")
            continue
        best = min(refs, key=lambda v: statistics.median(refs[v]))
        per_round = statistics.median([a / b for a, b in zip(route, refs[best])])
        also = f"  other p50 {statistics.median(other):.2f} (min {min(other):.2f})" if other else ""
        print(f"{name:22} {statistics.median(route):9.2f} {min(route):7.2f} {statistics.median(refs[best]):8.2f} "
              f"{min(refs[best]):7.2f} {statistics.median(route) / statistics.median(refs[best]):6.2f} {per_round:9.2f}  {best}{also}")
    print(f"load after: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
