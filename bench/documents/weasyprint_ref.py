#!/usr/bin/python3
"""Issue 22 benchmark, reference run: WeasyPrint rendering Recur's own HTML invoice to PDF/A-3b.

  /usr/bin/python3 weasyprint_ref.py <invoice.html> <n> [<out.pdf>]

One long-lived process, so Python's and WeasyPrint's start-up are not timed: import weasyprint, one
FontConfiguration reused, WARMUP renders (default 5), then n renders timed with time.perf_counter, each the whole
HTML(string=...).write_pdf(...) (parse, cascade, layout, drawing, font subsetting, serialisation). Prints one line
in the format of PDFBench's:
  weasyprint n=<n> bytes=<size> p50=... p90=... p99=... min=... ms
  weasyprint_peak_rss_kb <ru_maxrss> rss_kb_end <VmRSS>
and writes the last PDF to <out.pdf> if given (page checks in run.sh). Percentiles are taken as PDFBench takes
them (sorted[min(n - 1, int(n * q))]). Runs under Debian's /usr/bin/python3, which has Debian's weasyprint.
"""
import os
import resource
import sys
import time

import weasyprint


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    html_path, n = sys.argv[1], int(sys.argv[2])
    out_path = sys.argv[3] if len(sys.argv) > 3 else None
    warmup = int(os.environ.get("WARMUP", "5"))
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    fonts = weasyprint.text.fonts.FontConfiguration()

    def render():
        # PDF/A-3b like Recur's writer; fixed /ID so the same input gives the same bytes.
        return weasyprint.HTML(string=html, base_url=os.path.dirname(os.path.abspath(html_path))).write_pdf(
            variant="pdf/a-3b", font_config=fonts, identifier=b"recur-bench-fixed-id")

    for _ in range(warmup):
        pdf = render()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        pdf = render()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()

    def p(q):
        return times[min(len(times) - 1, int(len(times) * q))]

    print("weasyprint %s n=%d bytes=%d p50=%.2f p90=%.2f p99=%.2f min=%.2f ms"
          % (weasyprint.__version__, n, len(pdf), p(0.5), p(0.9), p(0.99), times[0]))
    # ru_maxrss is in kB on Linux: the peak over the whole process (import, warm-up and the n renders).
    print("weasyprint_peak_rss_kb %d rss_kb_end %d" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rss_kb()))
    if out_path:
        with open(out_path, "wb") as f:
            f.write(pdf)


if __name__ == "__main__":
    main()
