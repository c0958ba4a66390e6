#!/usr/bin/python3
"""Issue 22 spike: time PDF renderers on one document, one core (taskset -c $BENCH_CPU, default 1).

    bench.py longlived   HTML [XML]   N   OUT.json   WeasyPrint in one long-lived process (wp_server.py); with XML
                                                     the Factur-X XML is embedded too. Times the round trip seen
                                                     by the client (pipe, render, reply) and samples the server's
                                                     VmRSS after every render.
    bench.py weasyprint  HTML N OUT.json             `weasyprint --pdf-variant pdf/a-3b HTML out.pdf`, one process
                                                     per document (start-up included)
    bench.py chromium    HTML N OUT.json             `chromium --headless --print-to-pdf`, one browser per document

Every mode renders WARMUP (default 5) documents first, unrecorded, then N recorded. Prints one summary line and
writes the summary and every timing to OUT.json.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CPU = os.environ.get("BENCH_CPU", "1")
WARMUP = int(os.environ.get("WARMUP", "5"))
PIN = ["taskset", "-c", CPU]


def pct(sorted_ms, p):
    # nearest-rank percentile
    k = max(0, min(len(sorted_ms) - 1, int(round(p / 100 * len(sorted_ms) + 0.5)) - 1))
    return sorted_ms[k]


def summarize(name, ms, extra=None):
    s = sorted(ms)
    out = {"mode": name, "n": len(ms), "p50_ms": round(pct(s, 50), 1), "p90_ms": round(pct(s, 90), 1),
           "p99_ms": round(pct(s, 99), 1), "max_ms": round(s[-1], 1), "mean_ms": round(statistics.mean(s), 1),
           "min_ms": round(s[0], 1)}
    if extra:
        out.update(extra)
    return out


def longlived(html_path, xml_path, n):
    html = open(html_path, "rb").read()
    xml = open(xml_path, "rb").read() if xml_path else b""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1796515200")
    p = subprocess.Popen(PIN + ["/usr/bin/python3", os.path.join(HERE, "wp_server.py")], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env)
    req = (json.dumps({"html": len(html), "xml": len(xml)}) + "\n").encode() + html + xml
    ms, server_ms, rss = [], [], []
    pdf = b""
    for i in range(WARMUP + n):
        t0 = time.perf_counter()
        p.stdin.write(req)
        p.stdin.flush()
        h = json.loads(p.stdout.readline())
        pdf = p.stdout.read(h["pdf"])
        dt = (time.perf_counter() - t0) * 1000
        if i >= WARMUP:
            ms.append(dt)
            server_ms.append(h["ms"])
            rss.append(h["rss_kb"])
    p.stdin.close()
    p.wait()
    name = "weasyprint-longlived" + ("+facturx" if xml else "")
    step = max(1, n // 10)
    extra = {"server_p50_ms": round(pct(sorted(server_ms), 50), 1),
             "rss_kb_first": rss[0], "rss_kb_last": rss[-1], "rss_kb_max": max(rss),
             "rss_kb_every_%d" % step: rss[::step] + [rss[-1]], "pdf_bytes": len(pdf)}
    return summarize(name, ms, extra), ms, rss


def per_process(cmd_for, n, name):
    ms = []
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out.pdf")
        for i in range(WARMUP + n):
            if os.path.exists(out):
                os.unlink(out)
            t0 = time.perf_counter()
            subprocess.run(PIN + cmd_for(out), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            dt = (time.perf_counter() - t0) * 1000
            if not os.path.exists(out):
                raise SystemExit(f"{name}: no PDF written")
            if i >= WARMUP:
                ms.append(dt)
        size = os.path.getsize(out)
    return summarize(name, ms, {"pdf_bytes": size}), ms, None


def main():
    mode = sys.argv[1]
    if mode == "longlived":
        args = sys.argv[2:]
        if len(args) == 4:
            html, xml, n, outp = args
        else:
            (html, n, outp), xml = args, None
        summary, ms, rss = longlived(html, xml, int(n))
    elif mode == "weasyprint":
        html, n, outp = sys.argv[2:]
        summary, ms, rss = per_process(
            lambda out: ["weasyprint", "--pdf-variant", "pdf/a-3b", html, out], int(n), "weasyprint-per-process")
    elif mode == "chromium":
        html, n, outp = sys.argv[2:]
        url = "file://" + os.path.abspath(html)
        summary, ms, rss = per_process(
            lambda out: ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                         "--user-data-dir=/tmp/recur-spike-chromium", f"--print-to-pdf={out}", url],
            int(n), "chromium-per-process")
    else:
        raise SystemExit(__doc__)
    print(json.dumps(summary))
    with open(outp, "w") as f:
        json.dump({"summary": summary, "ms": ms, "rss_kb": rss}, f)


if __name__ == "__main__":
    main()
