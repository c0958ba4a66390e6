"""Timing client of the dashboard benchmark (bench/dashboard/run.sh).

    client.py home PORT TENANT EMAIL PASSWORD RUNS   → "status p50_ms p95_ms bytes runs" then one line per
                                                      Server-Timing entry: "name p50_ms p95_ms" (the page's own
                                                      split of its time by API read)
    client.py api PORT KEY RUNS PATH                 → "status p50_ms p95_ms bytes runs" (bench/reports/client.py)

home: logs in once through `POST /v1/sessions` (the dashboard's login operation; the session cookie), then on one
kept-alive connection 2 warm-up GETs of /app (1 when the first takes over 2 s), then up to RUNS timed GETs; the time
is from sending the request to the last byte of the body read. A measurement stops after BUDGET seconds
(environment, default 60) once it has 5 timed runs, as in bench/reports/client.py.
"""
import http.client
import json
import os
import re
import statistics
import sys
import time

BUDGET = float(os.environ.get("BUDGET", "60"))
MIN_RUNS = 5


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[rank]


def timed_gets(conn, path, headers, runs):
    """[(ms, status, body, response headers)] of the timed runs (the warm-up ones left out)."""
    out = []
    warm = 2
    began = time.perf_counter()
    i = 0
    while len(out) < runs and (len(out) < MIN_RUNS or time.perf_counter() - began < BUDGET):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            sys.stderr.write(f"{path}: HTTP {response.status} after {elapsed:.0f} ms: {body[:400].decode('utf-8', 'replace')}\n")
            return [(elapsed, response.status, body, response.getheaders())]
        if i == 0 and elapsed > 2000:
            warm = 1
        if i >= warm:
            out.append((elapsed, response.status, body, response.getheaders()))
        else:
            began = time.perf_counter()
        i += 1
    return out


def summary(runs):
    if not runs or runs[0][1] != 200:
        status = runs[0][1] if runs else 0
        return f"{status} - - 0 0"
    times = [r[0] for r in runs]
    return f"200 {statistics.median(times):.1f} {percentile(times, 95):.1f} {len(runs[-1][2])} {len(times)}"


def home(port, tenant, email, password, runs):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=300)
    body = json.dumps({"tenant": tenant, "email": email, "password": password})
    conn.request("POST", "/v1/sessions", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    answer = response.read()
    if response.status != 201:
        sys.stderr.write(f"login: HTTP {response.status}: {answer[:400]!r}\n")
        print(f"{response.status} - - 0 0")
        return
    cookies = [h[1].split(";")[0] for h in response.getheaders() if h[0].lower() == "set-cookie"]
    headers = {"Cookie": "; ".join(cookies), "Accept": "text/html"}
    measured = timed_gets(conn, "/app", headers, runs)
    print(summary(measured))
    if not measured or measured[0][1] != 200:
        return
    page = measured[-1][2].decode("utf-8", "replace")
    for needle in ('id="chart-pnl"', 'id="chart-ageing"', 'id="overdue"'):
        if needle not in page:
            sys.stderr.write(f"/app: {needle} missing from the page\n")
    splits = {}
    for elapsed, _, _, headers_out in measured:
        for name, value in headers_out:
            if name.lower() != "server-timing":
                continue
            for entry in value.split(","):
                m = re.match(r"\s*([\w-]+);dur=([\d.]+)", entry)
                if m:
                    splits.setdefault(m.group(1), []).append(float(m.group(2)))
    for name, values in splits.items():
        print(f"{name} {statistics.median(values):.1f} {percentile(values, 95):.1f}")


def api(port, key, runs, path):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=300)
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    print(summary(timed_gets(conn, path, headers, runs)))


if __name__ == "__main__":
    if sys.argv[1] == "home":
        home(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    elif sys.argv[1] == "api":
        api(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
