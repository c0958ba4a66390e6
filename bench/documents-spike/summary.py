#!/usr/bin/python3
"""Issue 22 spike: the table of one results folder.    summary.py results/<stamp>"""
import json, os, sys
d = sys.argv[1]
rows = []
for name in ["weasyprint-longlived", "weasyprint-longlived-facturx", "weasyprint-per-process",
             "chromium-per-process", "chromium-longlived-cdp"]:
    p = os.path.join(d, name + ".json")
    if os.path.exists(p):
        rows.append(json.load(open(p))["summary"])
ref = {r["mode"]: r for r in rows}.get("chromium-longlived-cdp")
print("| renderer | n | p50 ms | p90 ms | p99 ms | max ms | PDF bytes | p50 / Chromium long-lived | memory |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    ratio = f"{r['p50_ms'] / ref['p50_ms']:.2f}" if ref else "-"
    mem = f"{r['rss_kb_first'] // 1024} → {r['rss_kb_last'] // 1024} MiB" if "rss_kb_first" in r else "-"
    print(f"| {r['mode']} | {r['n']} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['pdf_bytes']} | {ratio} | {mem} |")
s = json.load(open(os.path.join(d, "weasyprint-split.json")))
print(f"\nlong-lived WeasyPrint split: render() p50 {s['layout']['p50_ms']} ms p99 {s['layout']['p99_ms']} ms; "
      f"write_pdf() p50 {s['write_pdf']['p50_ms']} ms p99 {s['write_pdf']['p99_ms']} ms")
ll = json.load(open(os.path.join(d, "weasyprint-longlived.json")))["summary"]
k = next(k for k in ll if k.startswith("rss_kb_every_"))
print(f"long-lived WeasyPrint VmRSS over {ll['n']} renders ({k}): {[v // 1024 for v in ll[k]]} MiB")
zp = os.path.join(d, "zlib.json")
if os.path.exists(zp):
    for k, v in json.load(open(zp)).items():
        print(f"{k}: {v['in_bytes']} → {v['out_bytes']} bytes, p50 {v['p50_ms']} ms, p99 {v['p99_ms']} ms")
print("goal (issue 22): p50 <= 50 ms, p99 <= 150 ms on one core")
