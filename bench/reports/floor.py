"""What a tenant request costs beyond its SQL, and what each way of measuring adds (bench/reports, issue 25).

    floor.py PORT KEY URL SCHEMA ROUNDS [PATH…]

ROUNDS rounds (after 2 warm-up rounds), each one of every measurement below in turn (the order rotated every round),
over kept connections; prints each one's p50 and min in ms, then the differences that matter:

  http.client  PATH   Python's http.client, as client.py and interleave.py time a route (request built, status line
                      and headers parsed by the standard library, body read)
  raw          PATH   the same request as prepared bytes on a plain socket, the answer read up to its Content-Length:
                      the least a client can add
  raw          /healthz   the HTTP exchange alone (answered on the event loop: no worker thread, no database)
  libpq        SELECT 1   PQexec through libpq (ctypes), the simple protocol, as psql sends it
  psql         SELECT 1   not here: run.sh's client.py sql (psql's `\\timing`) prints it

PATH defaults to /v1/tax-codes?limit=1; more paths may be given (each timed both ways).
"""
import ctypes
import http.client
import socket
import statistics
import sys
import time

pq = ctypes.CDLL("libpq.so.5")
pq.PQconnectdb.restype = ctypes.c_void_p
pq.PQconnectdb.argtypes = [ctypes.c_char_p]
pq.PQstatus.argtypes = [ctypes.c_void_p]
pq.PQerrorMessage.restype = ctypes.c_char_p
pq.PQerrorMessage.argtypes = [ctypes.c_void_p]
pq.PQexec.restype = ctypes.c_void_p
pq.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
pq.PQresultStatus.argtypes = [ctypes.c_void_p]
pq.PQntuples.argtypes = [ctypes.c_void_p]
pq.PQclear.argtypes = [ctypes.c_void_p]
pq.PQresultErrorMessage.restype = ctypes.c_char_p
pq.PQresultErrorMessage.argtypes = [ctypes.c_void_p]


class RawHTTP:
    """One kept-alive connection; a GET is prepared bytes, the answer read up to its Content-Length."""

    def __init__(self, port, key):
        self.sock = socket.create_connection(("127.0.0.1", int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.key = key
        self.requests = {}

    def get(self, path, check=True):
        """The time in ms (with check=False: status, time, body size; the body is kept in `body`)."""
        request = self.requests.get(path)
        if request is None:
            request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.key}\r\n"
                       f"Accept: application/json\r\n\r\n").encode()
            self.requests[path] = request
        start = time.perf_counter()
        self.sock.sendall(request)
        data = b""
        while True:
            end = data.find(b"\r\n\r\n")
            if end >= 0:
                break
            data += self.sock.recv(65536)
        head = data[:end]
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            sys.exit(f"{path}: no Content-Length in the answer")
        need = end + 4 + length
        while len(data) < need:
            data += self.sock.recv(max(65536, need - len(data)))
        elapsed = (time.perf_counter() - start) * 1000
        status = int(head.split(b" ", 2)[1])
        self.body = data[end + 4:need]
        if not check:
            return status, elapsed, length
        if status != 200:
            sys.exit(f"{path}: HTTP {status}")
        return elapsed


def main():
    port, key, url, schema, rounds = sys.argv[1:6]
    paths = sys.argv[6:] or ["/v1/tax-codes?limit=1"]
    conn = pq.PQconnectdb(url.encode())
    if pq.PQstatus(conn) != 0:
        sys.exit(pq.PQerrorMessage(conn).decode())
    pq.PQclear(pq.PQexec(conn, f"SET search_path = {schema}".encode()))
    client = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    raw = RawHTTP(port, key)

    def library_get(path):
        start = time.perf_counter()
        client.request("GET", path, headers=headers)
        response = client.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            sys.exit(f"{path}: HTTP {response.status}")
        return elapsed

    def select_one():
        start = time.perf_counter()
        result = pq.PQexec(conn, b"SELECT 1")
        elapsed = (time.perf_counter() - start) * 1000
        pq.PQclear(result)
        return elapsed

    measures = [(f"http.client {p}", (lambda p=p: library_get(p))) for p in paths]
    measures += [(f"raw {p}", (lambda p=p: raw.get(p))) for p in paths]
    measures += [("raw /healthz", lambda: raw.get("/healthz")), ("http.client /healthz", lambda: library_get("/healthz")),
                 ("libpq SELECT 1", select_one)]
    times = {name: [] for name, _ in measures}
    print(f"rounds {rounds}; load before: {open('/proc/loadavg').read().split()[:3]}")
    for i in range(int(rounds) + 2):
        shift = i % len(measures)
        for name, measure in measures[shift:] + measures[:shift]:
            t = measure()
            if i >= 2:
                times[name].append(t)
    p50 = {name: statistics.median(values) for name, values in times.items()}
    for name, _ in measures:
        print(f"{name:44} p50 {p50[name]:7.3f}  min {min(times[name]):7.3f}")
    print("differences of p50s (ms):")
    for p in paths:
        print(f"  {p}: client library's own cost (http.client − raw) {p50[f'http.client {p}'] - p50[f'raw {p}']:.3f};"
              f" beyond the HTTP exchange (raw − raw /healthz) {p50[f'raw {p}'] - p50['raw /healthz']:.3f};"
              f" beyond SELECT 1 (raw − libpq) {p50[f'raw {p}'] - p50['libpq SELECT 1']:.3f}")
    print(f"  /healthz: http.client − raw {p50['http.client /healthz'] - p50['raw /healthz']:.3f}")
    print(f"load after: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
