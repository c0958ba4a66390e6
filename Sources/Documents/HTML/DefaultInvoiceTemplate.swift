/// The HTML template documents use when the tenant has none: A4 or Letter, print-ready, inline CSS, every value
/// through `{{…}}` (HTML-escaped; never triple braces). Variables: ``InvoiceTemplateContext``.
enum DefaultInvoiceTemplate {
    static let text = #"""
<!DOCTYPE html>
<html lang="{{locale}}">
<head>
<meta charset="utf-8">
<title>{{title}}{{#number}} {{number}}{{/number}}</title>
<style>
@page { size: {{page_size}}; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 9.5pt; color: #1f2328; margin: 0; line-height: 1.4; }
.sheet { max-width: 180mm; margin: 0 auto; position: relative; }
header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #2b4c7e; padding-bottom: 5mm; margin-bottom: 6mm; }
.seller .name { font-size: 13pt; font-weight: bold; color: #2b4c7e; }
.muted { color: #5c6670; }
.doc { text-align: right; }
.doc h1 { font-size: 20pt; margin: 0 0 2mm 0; letter-spacing: 0.5px; color: #2b4c7e; }
.doc table { margin-left: auto; border-collapse: collapse; }
.doc td { padding: 0.5mm 0 0.5mm 4mm; text-align: right; }
.doc td.k { color: #5c6670; }
.parties { display: flex; justify-content: flex-end; margin-bottom: 8mm; }
.billto { width: 85mm; border: 1px solid #d0d7de; border-radius: 2mm; padding: 4mm 5mm; }
.label { text-transform: uppercase; font-size: 7.5pt; letter-spacing: 0.6px; color: #5c6670; margin-bottom: 1.5mm; }
table.lines { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
table.lines th { background: #2b4c7e; color: #fff; font-weight: bold; font-size: 8.5pt; padding: 2mm; text-align: left; }
table.lines td { padding: 1.6mm 2mm; border-bottom: 1px solid #e5e8eb; vertical-align: top; }
table.lines tr { page-break-inside: avoid; }
thead { display: table-header-group; }
.n { text-align: right !important; white-space: nowrap; }
table.summary { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
table.summary > tbody > tr > td { vertical-align: top; padding: 0; }
table.summary > tbody > tr > td.right { text-align: right; }
table.summary table.totals { margin-left: auto; }
table.taxes { border-collapse: collapse; font-size: 8.5pt; }
table.taxes th, table.taxes td { padding: 1mm 2mm; border-bottom: 1px solid #e5e8eb; }
table.taxes th { text-align: left; color: #5c6670; font-weight: normal; }
table.totals { border-collapse: collapse; min-width: 70mm; }
table.totals td { padding: 1.2mm 2mm; text-align: left; }
table.totals tr.grand td { border-top: 1px solid #1f2328; font-weight: bold; }
table.totals tr.due td { background: #2b4c7e; color: #fff; font-weight: bold; font-size: 11pt; }
.payment, .notes { margin-top: 8mm; page-break-inside: avoid; }
.payment .box { border-left: 3px solid #2b4c7e; padding: 1mm 0 1mm 4mm; }
footer { margin-top: 12mm; padding-top: 3mm; border-top: 1px solid #d0d7de; font-size: 7.5pt; color: #5c6670; text-align: center; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; transform: rotate(-30deg); font-size: 96pt; font-weight: bold; color: rgba(200, 30, 30, 0.12); z-index: 0; }
@media print { .sheet { max-width: none; } }
</style>
</head>
<body>
{{#is_draft}}<div class="watermark">{{labels.draft}}</div>{{/is_draft}}
<div class="sheet">
<header>
  <div class="seller">
    <div class="name">{{seller.name}}</div>
    {{#seller.address}}<div>{{line1}}</div>{{#line2}}<div>{{line2}}</div>{{/line2}}<div>{{#postal_code}}{{postal_code}} {{/postal_code}}{{city}}</div><div>{{country}}</div>{{/seller.address}}
    {{#seller.email}}<div class="muted">{{seller.email}}</div>{{/seller.email}}
  </div>
  <div class="doc">
    <h1>{{title}}{{#is_draft}} — {{labels.draft}}{{/is_draft}}</h1>
    <table>
      {{#number}}<tr><td class="k">{{labels.number}}</td><td><strong>{{number}}</strong></td></tr>{{/number}}
      <tr><td class="k">{{labels.issue_date}}</td><td>{{issue_date}}</td></tr>
      {{#due_date}}<tr><td class="k">{{labels.due_date}}</td><td>{{due_date}}</td></tr>{{/due_date}}
      {{#service_period}}<tr><td class="k">{{labels.service_period}}</td><td>{{start}} – {{end}}</td></tr>{{/service_period}}
      {{#statement_reference}}<tr><td class="k">{{labels.statement_reference}}</td><td>{{statement_reference}}</td></tr>{{/statement_reference}}
      {{#buyer_reference}}<tr><td class="k">{{labels.buyer_reference}}</td><td>{{buyer_reference}}</td></tr>{{/buyer_reference}}
      {{#preceding_invoice}}<tr><td class="k">{{labels.preceding_invoice}}</td><td>{{number}} ({{issue_date}})</td></tr>{{/preceding_invoice}}
    </table>
  </div>
</header>
<section class="parties">
  <div class="billto">
    <div class="label">{{labels.bill_to}}</div>
    <div><strong>{{buyer.name}}</strong></div>
    {{#buyer.address}}<div>{{line1}}</div>{{#line2}}<div>{{line2}}</div>{{/line2}}<div>{{#postal_code}}{{postal_code}} {{/postal_code}}{{city}}</div><div>{{country}}</div>{{/buyer.address}}
    {{#buyer.vat_id}}<div class="muted">{{labels.vat_id}}{{colon}} {{buyer.vat_id}}</div>{{/buyer.vat_id}}
  </div>
</section>
<table class="lines">
  <thead><tr>
    <th>{{labels.description}}</th><th class="n">{{labels.quantity}}</th><th class="n">{{labels.unit_price}}</th>
    {{#has_discounts}}<th class="n">{{labels.discount}}</th>{{/has_discounts}}<th class="n">{{labels.tax_rate}}</th><th class="n">{{labels.line_total}}</th>
  </tr></thead>
  <tbody>
  {{#lines}}<tr>
    <td>{{description}}</td><td class="n">{{quantity}}{{#unit}} {{unit}}{{/unit}}</td><td class="n">{{unit_price}}</td>
    {{#has_discounts}}<td class="n">{{#discount}}−{{discount}}{{/discount}}</td>{{/has_discounts}}<td class="n">{{tax_rate}}</td><td class="n">{{net}}</td>
  </tr>
  {{/lines}}
  </tbody>
</table>
<table class="summary"><tbody><tr><td>
  <table class="taxes">
    <tr><th>{{labels.tax_rate}}</th><th class="n">{{labels.subtotal}}</th><th class="n">{{labels.tax}}</th></tr>
    {{#tax_breakdown}}<tr><td>{{rate}}{{#exemption_reason}}<br><span class="muted">{{exemption_reason}}</span>{{/exemption_reason}}</td><td class="n">{{basis}}</td><td class="n">{{tax}}</td></tr>
    {{/tax_breakdown}}
  </table>
  </td><td class="right">
  <table class="totals">
    {{#totals.discount_total}}<tr><td>{{labels.discount_total}}</td><td class="n">−{{totals.discount_total}}</td></tr>{{/totals.discount_total}}
    <tr><td>{{labels.subtotal}}</td><td class="n">{{totals.subtotal}}</td></tr>
    <tr><td>{{labels.tax}}</td><td class="n">{{totals.tax}}</td></tr>
    <tr class="grand"><td>{{labels.total}}</td><td class="n">{{totals.total}}</td></tr>
    {{#totals.paid}}<tr><td>{{labels.paid}}</td><td class="n">−{{totals.paid}}</td></tr>{{/totals.paid}}
    <tr class="due"><td>{{labels.amount_due}}</td><td class="n">{{totals.amount_due}}</td></tr>
  </table>
</td></tr></tbody></table>
{{#payment}}<section class="payment">
  <div class="label">{{labels.payment_details}}</div>
  <div class="box">
    {{#payment_terms}}<div>{{labels.payment_terms}}{{colon}} {{payment_terms}}</div>{{/payment_terms}}
    <div>{{labels.iban}}{{colon}} <strong>{{iban}}</strong>{{#bic}} — {{labels.bic}}{{colon}} {{bic}}{{/bic}}</div>
    {{#reference}}<div>{{labels.payment_reference}}{{colon}} {{reference}}</div>{{/reference}}
  </div>
</section>{{/payment}}
{{^payment}}{{#payment_terms}}<section class="payment"><div class="label">{{labels.payment_terms}}</div><div class="box">{{payment_terms}}</div></section>{{/payment_terms}}{{/payment}}
{{#has_notes}}<section class="notes">{{#notes}}<p>{{.}}</p>{{/notes}}</section>{{/has_notes}}
<footer>
  <div>{{seller.name}}{{#seller.registration_id}} — {{labels.registration_id}} {{seller.registration_id}}{{/seller.registration_id}}{{#seller.vat_id}} — {{labels.vat_id}} {{seller.vat_id}}{{/seller.vat_id}}</div>
  {{#legal_footer}}<div>{{legal_footer}}</div>{{/legal_footer}}
</footer>
</div>
</body>
</html>
"""#
}
