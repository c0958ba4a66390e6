import Domain
import Foundation
import TestSupport
import XCTest

/// Issue 24 follow-up over HTTP: a credit note is sent as a document, kept as issued (PDF read back by poppler, XML by
/// the Factur-X XSD and the EN 16931 schematron), referring to the invoice it credits.
extension DocumentAPITests {
    /// Half of the invoice of ``issuedInvoice(eInvoicing:)`` credited by amount.
    private func creditHalf() throws -> (invoice: [String: Any], note: [String: Any]) {
        let invoice = try issuedInvoice()
        let total = try XCTUnwrap(ExactDecimal(try XCTUnwrap(invoice["total"] as? String)))
        XCTAssertEqual(total, try XCTUnwrap(ExactDecimal("4482.16")), "3 × 1234.50 at 20 %, 2 × 19.99 − 10 % at 5.5 %")
        let note = try call(
            "POST", "/v1/invoices/\(try XCTUnwrap(invoice["id"] as? String))/credit-notes",
            #"{"amount":"2241.08","reason":"Geste commercial : moitié de la prestation"}"#, expect: 201)
        return (invoice, note)
    }

    func testACreditNotesPDFShowsTheCreditAndNeverChanges() throws {
        let (invoice, note) = try creditHalf()
        let id = try XCTUnwrap(note["id"] as? String)
        let number = try XCTUnwrap(note["number"] as? String)

        let first = try client.request("GET", "/v1/credit-notes/\(id)/document.pdf", headers: auth)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(first.headers["content-type"], "application/pdf")
        XCTAssertEqual(first.headers["content-disposition"], "inline; filename=\"\(number).pdf\"")
        let etag = try XCTUnwrap(first.headers["etag"])
        let stored = try server.pool.withConnection { db in
            try db.query(
                """
                SELECT encode(sha256, 'hex') AS sha FROM \(tenant.quotedSchemaName).credit_note_documents
                WHERE credit_note_id = $1 AND format = 'pdf'
                """, [try XCTUnwrap(UUID(uuidString: id))]).first?.decode(String.self, "sha")
        }
        XCTAssertEqual(etag, "\"\(try XCTUnwrap(stored, "kept when the credit note was issued"))\"")

        let file = try PDFTools.write(first.body)
        let text = try PDFTools.text(file)
        let spaced = PDFTools.spaced(text)
        XCTAssertTrue(text.contains("Avoir"), "titled as a credit note, in French: \(text)")
        XCTAssertTrue(text.contains(number), text)
        XCTAssertTrue(text.contains("Facture d’origine"), text)
        XCTAssertTrue(text.contains(try XCTUnwrap(invoice["number"] as? String)), "names the credited invoice: \(text)")
        for field in ["net_total", "total"] {
            let amount = try XCTUnwrap(ExactDecimal(try XCTUnwrap(note[field] as? String)))
            XCTAssertTrue(amount.isPositive)
            XCTAssertTrue(spaced.contains(PDFTools.spaced(DocumentLocale.fr.money(amount, .eur))), "\(field) \(amount): \(text)")
        }
        XCTAssertFalse(spaced.contains(PDFTools.spaced(DocumentLocale.fr.money(try XCTUnwrap(ExactDecimal("4482.16")), .eur))),
                       "the invoice's total is not the credit note's")
        XCTAssertTrue(text.contains("Geste commercial"), "the reason is printed: \(text)")
        XCTAssertTrue(text.contains("Imputé sur la facture"), "the credit settles the unpaid invoice: \(text)")
        XCTAssertFalse(text.contains("Net à payer"), "a credit note asks for no payment: \(text)")
        try PDFTools.check(file)

        // The same bytes again, whatever changes afterwards.
        try call("PATCH", "/v1/tenant", #"{"documents":{"legal_footer":"Nouveau pied de page"}}"#, expect: 200)
        let again = try client.request("GET", "/v1/credit-notes/\(id)/document", headers: auth)
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(again.body, first.body)
        XCTAssertEqual(again.headers["etag"], etag)
        let html = try client.request("GET", "/v1/credit-notes/\(id)/document", headers: auth.merging(["Accept": "text/html"]) { $1 })
        XCTAssertEqual(html.status, 200)
        XCTAssertTrue(html.text.contains(number))
        XCTAssertFalse(html.text.contains("Nouveau pied de page"), "the HTML kept is the first rendering")
        try call("GET", "/v1/credit-notes/\(id)/document", headers: ["Accept": "application/json"], expect: 406)
        let missing = try call("GET", "/v1/credit-notes/\(UUID().uuidString.lowercased())/document.pdf", expect: 404)
        XCTAssertNotNil(missing["detail"])
    }

    func testTheCreditNotesEInvoiceIsValidReferencesTheInvoiceAndIsEmbedded() throws {
        let (invoice, note) = try creditHalf()
        let id = try XCTUnwrap(note["id"] as? String)
        let xml = try client.request("GET", "/v1/credit-notes/\(id)/e-invoice", headers: auth)
        XCTAssertEqual(xml.status, 200, xml.text)
        XCTAssertEqual(xml.headers["content-type"], "application/xml")
        let text = xml.text
        XCTAssertTrue(text.contains("<ram:TypeCode>381</ram:TypeCode>"), text)
        XCTAssertTrue(text.contains("<ram:ID>\(try XCTUnwrap(note["number"] as? String))</ram:ID>"), text)
        let invoiceNumber = try XCTUnwrap(invoice["number"] as? String)
        XCTAssertTrue(
            text.contains(
                "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>\(invoiceNumber)</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format=\"102\">20261206</qdt:DateTimeString>"),
            "BT-25/BT-26: the credited invoice's number and date: \(text)")
        let expected = [
            "LineTotalAmount": "net_total", "TaxBasisTotalAmount": "net_total", "GrandTotalAmount": "total",
        ]
        for (element, field) in expected {
            XCTAssertEqual(value(of: element, in: text), note[field] as? String, element)
        }
        XCTAssertEqual(value(of: "TaxTotalAmount currencyID=\"EUR\"", closing: "TaxTotalAmount", in: text), note["tax_total"] as? String)
        XCTAssertFalse(text.contains("<ram:BilledQuantity unitCode=\"C62\">-"), "quantities are positive on a 381")
        XCTAssertFalse(text.contains("Amount>-"), "amounts are positive on a 381")

        let folder = try FacturXTools.folder(with: ["credit-note.xml": xml.body])
        defer { try? FileManager.default.removeItem(at: folder) }
        let xsd = try FacturXTools.xsdCheck(folder, ["credit-note.xml"])
        XCTAssertEqual(xsd["credit-note.xml"]?.passed, true, xsd["credit-note.xml"]?.output ?? "not checked")
        let failed = try FacturXTools.schematron(folder)["credit-note.xml"]
        XCTAssertNotNil(failed, "the schematron reported on the file")
        XCTAssertEqual(failed?.filter { !$0.isWarning }, [], "schematron errors")
        XCTAssertEqual(failed?.filter(\.isWarning), [], "schematron warnings")

        let pdf = try client.request("GET", "/v1/credit-notes/\(id)/document.pdf", headers: auth)
        let attachment = try PDFTools.attachment(try PDFTools.write(pdf.body), named: "factur-x.xml")
        XCTAssertEqual(attachment, xml.body, "the PDF embeds the same XML")
    }

    /// A line with an exempt tax code, credited by quantity: the credit note's line and breakdown carry E and the
    /// code's exemption reason, and the XML still passes the schematron (BR-E-10).
    func testACreditedCodedLineKeepsItsTaxCategory() throws {
        try call("PATCH", "/v1/tenant", #"{"legal":\#(legal),"documents":{"locale":"en","e_invoicing":true}}"#, expect: 200)
        let code = try XCTUnwrap(try call(
            "POST", "/v1/tax-codes",
            #"{"code":"EXEMPT","name":"Exempt","rate":"0","category":"exempt","exemption_reason":"Article 261 CGI"}"#,
            expect: 201)["id"] as? String)
        let party = try XCTUnwrap(try call(
            "POST", "/v1/parties",
            #"{"kind":"customer","name":"Formation Plus","payment_terms_days":30,"billing_address":{"line1":"1 rue Neuve","postal_code":"75001","city":"Paris","country":"FR"}}"#,
            expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-12-06","lines":[{"description":"Formation","quantity":"4","unit_price":"250.00","tax_code_id":"\#(code)"},{"description":"Support","quantity":"1","unit_price":"100.00","tax_rate":"20"}]}"#,
            expect: 201)
        let invoiceID = try XCTUnwrap(draft["id"] as? String)
        try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)
        let note = try call(
            "POST", "/v1/invoices/\(invoiceID)/credit-notes", #"{"lines":[{"line_no":1,"quantity":"1"}]}"#, expect: 201)
        XCTAssertEqual(note["total"] as? String, "250.00")
        let xml = try client.request("GET", "/v1/credit-notes/\(try XCTUnwrap(note["id"] as? String))/e-invoice", headers: auth)
        XCTAssertEqual(xml.status, 200, xml.text)
        XCTAssertTrue(xml.text.contains("<ram:CategoryCode>E</ram:CategoryCode>"), xml.text)
        XCTAssertTrue(xml.text.contains("<ram:ExemptionReason>Article 261 CGI</ram:ExemptionReason>"), xml.text)
        XCTAssertNotNil(xml.text.firstMatch(of: /<ram:BilledQuantity unitCode="C62">1(\.0*)?<\/ram:BilledQuantity>/),
                        "the quantity credited: \(xml.text)")
        XCTAssertEqual(value(of: "GrandTotalAmount", in: xml.text), "250.00")
        let folder = try FacturXTools.folder(with: ["coded.xml": xml.body])
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertEqual(try FacturXTools.xsdCheck(folder, ["coded.xml"])["coded.xml"]?.passed, true)
        XCTAssertEqual(try FacturXTools.schematron(folder)["coded.xml"]?.filter { !$0.isWarning }, [], "schematron errors")
    }

    /// Without e-invoicing, a credit note of a customer without an address has its PDF, and its e-invoice is 422
    /// naming what EN 16931 misses.
    func testACreditNoteEInvoiceMissingBuyerDataIs422() throws {
        try call("PATCH", "/v1/tenant", #"{"legal":\#(legal)}"#, expect: 200)
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Nowhere Ltd"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","lines":[{"description":"Audit","quantity":"1","unit_price":"10.00","tax_rate":"20"}]}"#,
            expect: 201)
        let invoiceID = try XCTUnwrap(draft["id"] as? String)
        try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)
        let note = try call("POST", "/v1/invoices/\(invoiceID)/credit-notes", expect: 201)
        let id = try XCTUnwrap(note["id"] as? String)
        let problem = try call("GET", "/v1/credit-notes/\(id)/e-invoice", expect: 422)
        XCTAssertTrue(problemPointers(problem).contains("/party/address"), "\(problem)")
        let pdf = try client.request("GET", "/v1/credit-notes/\(id)/document.pdf", headers: auth)
        XCTAssertEqual(pdf.status, 200)
        XCTAssertThrowsError(try PDFTools.attachment(try PDFTools.write(pdf.body), named: "factur-x.xml"), "no e-invoice to embed")
    }

    /// The text of `<ram:element>` in the header's totals (BG-22).
    private func value(of element: String, closing: String? = nil, in xml: String) -> String? {
        guard let totals = xml.range(of: "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"),
            let start = xml.range(of: "<ram:\(element)>", range: totals.upperBound..<xml.endIndex),
            let end = xml.range(of: "</ram:\(closing ?? element)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}
