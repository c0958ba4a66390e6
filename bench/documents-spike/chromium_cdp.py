#!/usr/bin/python3
"""Issue 22 spike: headless Chromium kept running (as Gotenberg or a Puppeteer pool does), one tab reused,
Page.printToPDF over the DevTools protocol on loopback. The reference a long-lived WeasyPrint is compared with.

    chromium_cdp.py HTML N OUT.json

Chromium is started pinned to one core (taskset -c $BENCH_CPU, default 1) with --remote-debugging-port on
127.0.0.1; each document: Page.navigate to the file URL, wait for Page.loadEventFired, Page.printToPDF (A4 from
the page's @page rule). Times the whole cycle; samples the browser's PSS (all its processes, shared pages counted once) every render.
"""
import base64
import json
import os
import subprocess
import sys
import time
import urllib.request

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import WARMUP, CPU, summarize  # noqa: E402

PORT = int(os.environ.get("CDP_PORT", "19222"))


def tree_rss_kb(pid):
    # proportional set size summed over the browser's process tree (shared pages counted once)
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:  # a renderer process that exited meanwhile
            pass
    return total


def main():
    html, n, outp = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    url = "file://" + os.path.abspath(html)
    proc = subprocess.Popen(["taskset", "-c", CPU, "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                             "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={PORT}",
                             "--user-data-dir=/tmp/recur-spike-chromium-cdp", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json/list", timeout=1))
                page = next(t for t in tabs if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.1)
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        seq = [0]

        def call(method, **params):
            seq[0] += 1
            ws.send(json.dumps({"id": seq[0], "method": method, "params": params}))
            while True:
                m = json.loads(ws.recv())
                if m.get("id") == seq[0]:
                    if "error" in m:
                        raise RuntimeError(m["error"])
                    return m["result"]

        def wait_event(name):
            while True:
                m = json.loads(ws.recv())
                if m.get("method") == name:
                    return m

        call("Page.enable")
        ms, rss = [], []
        pdf = b""
        for i in range(WARMUP + n):
            t0 = time.perf_counter()
            call("Page.navigate", url=url)
            wait_event("Page.loadEventFired")
            res = call("Page.printToPDF", preferCSSPageSize=True, printBackground=True,
                       displayHeaderFooter=False)
            pdf = base64.b64decode(res["data"])
            dt = (time.perf_counter() - t0) * 1000
            if i >= WARMUP:
                ms.append(dt)
                rss.append(tree_rss_kb(proc.pid))
        ws.close()
    finally:
        proc.terminate()
        proc.wait()
    step = max(1, n // 10)
    summary = summarize("chromium-longlived-cdp", ms, {"rss_kb_first": rss[0], "rss_kb_last": rss[-1],
                                                        "rss_kb_max": max(rss), "rss_kb_every_%d" % step: rss[::step] + [rss[-1]],
                                                        "pdf_bytes": len(pdf)})
    print(json.dumps(summary))
    with open(outp, "w") as f:
        json.dump({"summary": summary, "ms": ms, "rss_kb": rss}, f)
    with open(os.path.splitext(outp)[0] + ".pdf", "wb") as f:
        f.write(pdf)


if __name__ == "__main__":
    main()
