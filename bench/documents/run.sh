#!/usr/bin/env bash
# Issue 22 benchmark: the native PDF writer (InvoicePDFRenderer, release build) on the 10-line sample invoice,
# pinned to core 1: p50/p90/p99/min without and with ~10 KB of XML embedded, then BENCH_MEM_N renders in a row
# with VmRSS every 1,000. Goal: p50 ≤ 50 ms, p99 ≤ 150 ms, flat memory.
#   bench/documents/run.sh                 BENCH_N=200 BENCH_MEM_N=2000 bench/documents/run.sh
# First run (2026-12-06, core 1, load 0.9, BENCH_N=500): p50 3.22 ms, p99 3.73 ms (31,740 bytes); with XML p50 2.73,
# p99 3.60 ms (35,078 bytes); VmRSS 23,200 kB at every 1,000 of 10,000 renders.
# TODO (not done yet): the WeasyPrint reference run (bench/documents-spike/wp_server.py) and the ratio.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
echo "== building pdf-bench (release)"
swift build -c release --package-path "$here/pdf-bench" 2>&1 | grep -E "error:|Compiling|Build complete" | tail -3
echo "== native writer, core 1"
taskset -c 1 "$here/pdf-bench/.build/release/PDFBench"
