#!/usr/bin/python3
"""Issue 22 spike: where a long-lived WeasyPrint's time goes, per document, in one process on one core.

    taskset -c 1 split.py HTML N OUT.json

Per iteration: HTML(...).render() (parse, CSS cascade, layout) and Document.write_pdf(variant="pdf/a-3b")
(drawing, font subsetting with fontTools, PDF serialisation), timed apart. Prints p50/p99 of each.
"""
import json
import os
import sys
import time

import weasyprint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import WARMUP, summarize  # noqa: E402

html_path, n, outp = sys.argv[1], int(sys.argv[2]), sys.argv[3]
html = open(html_path, encoding="utf-8").read()
fc = weasyprint.text.fonts.FontConfiguration()
layout, write = [], []
for i in range(WARMUP + n):
    t0 = time.perf_counter()
    doc = weasyprint.HTML(string=html, base_url="/").render(font_config=fc)
    t1 = time.perf_counter()
    doc.write_pdf(variant="pdf/a-3b", identifier=b"x")
    t2 = time.perf_counter()
    if i >= WARMUP:
        layout.append((t1 - t0) * 1000)
        write.append((t2 - t1) * 1000)
res = {"layout": summarize("weasyprint-render()", layout), "write_pdf": summarize("weasyprint-write_pdf()", write)}
print(json.dumps(res))
json.dump(res, open(outp, "w"))
