#!/usr/bin/python3
"""Issue 22 spike: what one Flate (zlib level 6, the library a native writer would link) costs on font data.

    taskset -c 1 zlib_cost.py N OUT.json

Times zlib.compress of the first 40,000 bytes of DejaVuSans.ttf (about one subset's size) and of the whole file.
"""
import json
import sys
import time
import zlib

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from bench import summarize  # noqa: E402

n, outp = int(sys.argv[1]), sys.argv[2]
font = open("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "rb").read()
res = {}
for name, data in [("deflate-40KB", font[:40000]), ("deflate-whole-DejaVuSans", font)]:
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        out = zlib.compress(data, 6)
        ms.append((time.perf_counter() - t) * 1000)
    res[name] = summarize(name, ms, {"in_bytes": len(data), "out_bytes": len(out)})
print(json.dumps(res))
json.dump(res, open(outp, "w"))
