#!/usr/bin/python3
"""Issue 22 spike: WeasyPrint as a long-lived renderer (start-up paid once).

Protocol on stdin/stdout, one request at a time:
  request:  one JSON line {"html": N, "xml": M}  then N bytes of HTML (UTF-8), then M bytes of CII XML (M may be 0)
  response: one JSON line {"pdf": K, "ms": render_ms, "rss_kb": VmRSS}  then K bytes of PDF
With M > 0 the PDF/A-3b output of WeasyPrint goes through facturx.generate_from_binary (factur-x.xml attached with
AFRelationship /Data, Factur-X XMP extension schema, level EN 16931; no XSD/schematron check on this path).
Runs under Debian's /usr/bin/python3, which has Debian's weasyprint (57.2) and the pip-installed factur-x.
"""
import json
import sys
import time

import weasyprint

try:
    import facturx
except ImportError:  # Factur-X requests then fail; plain PDFs still work
    facturx = None

FONT_CONFIG = weasyprint.text.fonts.FontConfiguration()


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def render(html, xml):
    doc = weasyprint.HTML(string=html, base_url="/")
    pdf = doc.write_pdf(variant="pdf/a-3b", font_config=FONT_CONFIG,
                        identifier=b"recur-spike-fixed-id")  # fixed /ID: same input, same bytes
    if xml:
        pdf = facturx.generate_from_binary(
            pdf, xml, flavor="factur-x", level="en16931", check_xsd=False, check_schematron=False,
            pdf_metadata={"author": "Recur", "keywords": "Factur-X, Invoice", "title": "Facture",
                          "subject": "Factur-X invoice"},
            lang="fr-FR")
    return pdf


def main():
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = inp.readline()
        if not header:
            return
        req = json.loads(header)
        html = inp.read(req["html"]).decode("utf-8")
        xml = inp.read(req.get("xml", 0))
        t0 = time.perf_counter()
        pdf = render(html, xml)
        ms = (time.perf_counter() - t0) * 1000
        out.write((json.dumps({"pdf": len(pdf), "ms": ms, "rss_kb": rss_kb()}) + "\n").encode())
        out.write(pdf)
        out.flush()


if __name__ == "__main__":
    main()
