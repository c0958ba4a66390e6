"""Timing client of the reports benchmark (bench/reports/run.sh).

    client.py http PORT KEY RUNS PATH          → "status p50_ms p95_ms bytes runs lib_p50_ms" ("status - - bytes 0 -" when
                                                 not 200)
    client.py sql URL SCHEMA RUNS FILE VAR=V…  → "p50_ms p95_ms rows runs"

Each measurement stops early once it has spent BUDGET seconds (environment, default 60) and has at least 5 timed
runs: a report that takes seconds is far from the goal after 5 runs, and 20 of them would take the script's whole
time. The number of timed runs is printed.
http: two kept-alive connections, 2 warm-up requests (1 when the first takes over 2 s), then up to RUNS timed GETs of
PATH with the bearer key on each, alternating: the time is from sending the request to the last byte of the body read.
p50/p95 are those of the plain client (floor.py's RawHTTP: the request as prepared bytes on a socket, the answer read
up to its Content-Length — like psql, which sends the statement and reads the rows, the least a client adds);
lib_p50 that of Python's http.client (request built, status line and headers parsed by the standard library), which
the benchmark used up to reports-25c and which adds 0.1–0.3 ms of Python per request (docs/benchmarks.md, "Fifth
pass"). The first answer decides: a 404 is printed as is (the caller reports the endpoint as not built), any other
non-200 with the start of its body on stderr.
sql: one psql session (search_path = SCHEMA, psql variables VAR=V), `\\timing on`, results to /dev/null, the
statement in FILE run once, timed alone (over 2 s: no second warm-up run), then 1 + RUNS times (or as many as the
budget allows, at least 5) in one session; psql's client-side times (round trip and rows received, as the HTTP
figure includes them) of all but the first.
"""
import http.client
import statistics
import subprocess
import sys
import time
import os

BUDGET = float(os.environ.get("BUDGET", "60"))
# CUTOFF_MS (default 0: none): a reference statement whose first run takes longer is reported by that run alone
# ("first_ms first_ms ? 1"): at 1M invoices the raw-journal variants take 5–18 s a run and are never the fastest.
CUTOFF_MS = float(os.environ.get("CUTOFF_MS", "0"))
MIN_RUNS = 5


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[rank]


def measure_http(port, key, runs, path):
    from floor import RawHTTP
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
    raw = RawHTTP(port, key)
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    times, library = [], []
    size = 0
    warm = 2
    began = time.perf_counter()
    i = 0
    while len(times) < runs and (len(times) < MIN_RUNS or time.perf_counter() - began < BUDGET):
        status, elapsed, size = raw.get(path, check=False)
        if status != 200:
            if status != 404:
                sys.stderr.write(f"{path}: HTTP {status} after {elapsed:.0f} ms: {raw.body[:400].decode('utf-8', 'replace')}\n")
            print(f"{status} - - {size} 0 -")
            return
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        library_elapsed = (time.perf_counter() - start) * 1000
        if i == 0 and elapsed > 2000:
            warm = 1
        if i >= warm:
            times.append(elapsed)
            library.append(library_elapsed)
        else:
            began = time.perf_counter()
        i += 1
    print(f"200 {statistics.median(times):.2f} {percentile(times, 95):.2f} {size} {len(times)} {statistics.median(library):.2f}")


def measure_sql(url, schema, runs, file, variables):
    with open(file) as f:
        statement = f.read().strip()
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for v in variables:
        args += ["-v", v]
    env = dict(os.environ, PGOPTIONS=f"-c search_path={schema}")

    def timed(count):
        script = "\\timing on\n\\o /dev/null\n" + (statement + "\n") * count
        out = subprocess.run(args + [url], input=script, capture_output=True, text=True, env=env)
        if out.returncode != 0:
            sys.stderr.write(f"{file}: {out.stderr}\n")
            return None
        return [float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("Time: ")]

    first = timed(1)
    if first is None:
        print("- - - 0")
        return
    if CUTOFF_MS > 0 and first[0] > CUTOFF_MS:
        print(f"{first[0]:.1f} {first[0]:.1f} ? 1")
        return
    fits = int(BUDGET * 1000 / max(first[0], 1))
    times = timed(1 + min(runs, max(MIN_RUNS, fits)) + (0 if first[0] > 2000 else 1))
    if times is None:
        print("- - - 0")
        return
    times = times[1:] if first[0] > 2000 else times[2:]
    count = f"SELECT count(*) FROM ({statement.rstrip(';')}\n) q;\n"
    rows = subprocess.run(args + ["-At", url], input=count, capture_output=True, text=True, env=env).stdout.strip() or "?"
    print(f"{statistics.median(times):.2f} {percentile(times, 95):.2f} {rows} {len(times)}")


if __name__ == "__main__":
    if sys.argv[1] == "http":
        measure_http(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "sql":
        measure_sql(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6:])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
