import API
import DocumentArchive
import Domain
import Foundation
import HTTPServer
import Store
import TestSupport
import XCTest

/// Issue 22 over HTTP: a tenant sets its legal details, issues an invoice and downloads its PDF (read back by
/// poppler and qpdf) and its Factur-X XML; issued documents never change; drafts carry a watermark; bad settings and
/// templates are 422 naming the field with nothing stored.
final class DocumentAPITests: XCTestCase, TenantAPICalls {
    var server: APITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]
    var tenant: TenantContext!

    override func setUpWithError() throws {
        server = try APITestServer()
        let created = try server.makeTenant("doc")
        tenant = created.tenant.context
        auth = ["Authorization": "Bearer \(created.apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }

    let legal = #"""
        {"legal_name":"Initiative Conseil SARL","address":{"line1":"12 rue de l’Église","postal_code":"69002","city":"Lyon","country":"FR"},
         "vat_id":"FR40303265045","registration_id":"303265045","iban":"FR76 3000 6000 0112 3456 7890 189","bic":"AGRIFRPP"}
        """#

    /// A tenant sending e-invoices in French, a customer with its billing address, an issued two-rate invoice.
    func issuedInvoice(eInvoicing: Bool = true) throws -> [String: Any] {
        try call(
            "PATCH", "/v1/tenant",
            #"{"legal":\#(legal),"documents":{"locale":"fr-FR","e_invoicing":\#(eInvoicing),"legal_footer":"SARL au capital de 10 000 €"}}"#,
            expect: 200)
        let party = try XCTUnwrap(try call(
            "POST", "/v1/parties",
            #"{"kind":"customer","name":"Société Générale d’Études Cévenoles","payment_terms_days":30,"vat_id":"FR61954506077","buyer_reference":"PO-88412","billing_address":{"line1":"4 place Émile Zola","postal_code":"30100","city":"Alès","country":"FR"}}"#,
            expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-12-06","lines":[{"description":"Abonnement « Pro » — décembre","quantity":"3","unit_price":"1234.50","tax_rate":"20"},{"description":"Livres","quantity":"2","unit_price":"19.99","tax_rate":"5.5","discount":{"kind":"percent","value":"10"}}]}"#,
            expect: 201)
        return try call("POST", "/v1/invoices/\(try XCTUnwrap(draft["id"] as? String))/issue", expect: 200)
    }

    func testAnIssuedInvoicesPDFReadsBackAndNeverChanges() throws {
        let invoice = try issuedInvoice()
        let id = try XCTUnwrap(invoice["id"] as? String)
        let number = try XCTUnwrap(invoice["number"] as? String)
        let total = try XCTUnwrap(ExactDecimal(try XCTUnwrap(invoice["total"] as? String)))

        let first = try client.request("GET", "/v1/invoices/\(id)/document.pdf", headers: auth)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(first.headers["content-type"], "application/pdf")
        let etag = try XCTUnwrap(first.headers["etag"])
        let (stored, computed) = try server.pool.withConnection { db in
            let row = try db.query(
                """
                SELECT encode(d.sha256, 'hex') AS stored, encode(sha256($2::bytea), 'hex') AS computed
                FROM \(tenant.quotedSchemaName).invoice_documents d WHERE d.invoice_id = $1 AND d.format = 'pdf'
                """, [try XCTUnwrap(UUID(uuidString: id)), first.body]).first
            return (try row?.decode(String.self, "stored"), try row?.decode(String.self, "computed"))
        }
        XCTAssertEqual(stored, computed, "recorded when the invoice was issued: the SHA-256 of the bytes served")
        XCTAssertEqual(etag, "\"\(try XCTUnwrap(stored))\"", "the ETag is that SHA-256")

        let file = try PDFTools.write(first.body)
        let text = try PDFTools.text(file)
        XCTAssertTrue(text.contains(number), text)
        XCTAssertTrue(text.contains("Société Générale d’Études Cévenoles"), text)
        XCTAssertTrue(PDFTools.spaced(text).contains(PDFTools.spaced(DocumentLocale.fr.money(total, .eur))), text)
        XCTAssertTrue(text.contains("Alès"), text)
        XCTAssertTrue(try PDFTools.info(file).contains("595.276 x 841.89"), "A4")
        try PDFTools.check(file)

        // The same bytes again, whatever changes afterwards: a template edit, the party's name.
        try call("PUT", "/v1/tenant/document-template", #"{"template":"<p>{{number}} — nouvelle mise en page</p>"}"#, expect: 200)
        let html = try client.request("GET", "/v1/invoices/\(id)/document", headers: auth.merging(["Accept": "text/html"]) { $1 })
        XCTAssertEqual(html.status, 200)
        XCTAssertFalse(html.text.contains("nouvelle mise en page"), "an issued invoice's HTML is its first rendering")
        let again = try client.request("GET", "/v1/invoices/\(id)/document", headers: auth)
        XCTAssertEqual(again.body, first.body)
        XCTAssertEqual(again.headers["etag"], etag)
    }

    func testTheEInvoiceIsServedAndEmbeddedInThePDF() throws {
        let invoice = try issuedInvoice()
        let id = try XCTUnwrap(invoice["id"] as? String)
        let xml = try client.request("GET", "/v1/invoices/\(id)/e-invoice", headers: auth)
        XCTAssertEqual(xml.status, 200, xml.text)
        XCTAssertEqual(xml.headers["content-type"], "application/xml")
        XCTAssertTrue(xml.text.contains("urn:cen.eu:en16931:2017"))
        XCTAssertTrue(xml.text.contains(">\(try XCTUnwrap(invoice["number"] as? String))<"))
        XCTAssertTrue(xml.text.contains("<ram:GrandTotalAmount>\(try XCTUnwrap(invoice["total"] as? String))</ram:GrandTotalAmount>"), xml.text)

        let pdf = try client.request("GET", "/v1/invoices/\(id)/document.pdf", headers: auth)
        let attachment = try PDFTools.attachment(try PDFTools.write(pdf.body), named: "factur-x.xml")
        XCTAssertEqual(attachment, xml.body, "the PDF embeds the same XML")
    }

    func testADraftRendersWithAWatermarkAndIsNeverKept() throws {
        try call("PATCH", "/v1/tenant", #"{"legal":\#(legal),"documents":{"locale":"en","paper":"letter"}}"#, expect: 200)
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Globex"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","lines":[{"description":"Audit","quantity":"1","unit_price":"10.00"}]}"#, expect: 201)
        let id = try XCTUnwrap(draft["id"] as? String)
        let pdf = try client.request("GET", "/v1/invoices/\(id)/document", headers: auth.merging(["Accept": "application/pdf"]) { $1 })
        XCTAssertEqual(pdf.status, 200, pdf.text)
        XCTAssertEqual(pdf.headers["cache-control"], "no-store")
        XCTAssertNil(pdf.headers["etag"])
        let file = try PDFTools.write(pdf.body)
        XCTAssertTrue(try PDFTools.text(file).contains("DRAFT"))
        XCTAssertTrue(try PDFTools.info(file).contains("612 x 792"), "US Letter")
        let kept = try server.pool.withConnection {
            try $0.query("SELECT count(*)::int AS n FROM \(tenant.quotedSchemaName).invoice_documents").first?.decode(Int.self, "n")
        }
        XCTAssertEqual(kept, 0)
        let problem = try call("GET", "/v1/invoices/\(id)/e-invoice", expect: 409)
        XCTAssertNotNil(problem["detail"])
        try call("GET", "/v1/invoices/\(id)/document", headers: ["Accept": "application/json"], expect: 406)
    }

    func testBadSettingsAndTemplatesAre422AndNothingIsStored() throws {
        let locale = try call("PATCH", "/v1/tenant", #"{"name":"Renamed","documents":{"locale":"tlh"}}"#, expect: 422)
        XCTAssertEqual(problemPointers(locale), ["/documents/locale"])
        let eInvoicing = try call("PATCH", "/v1/tenant", #"{"documents":{"e_invoicing":true}}"#, expect: 422)
        XCTAssertTrue(problemPointers(eInvoicing).contains("/legal/vat_id"), "\(eInvoicing)")
        XCTAssertTrue(problemPointers(eInvoicing).allSatisfy { $0.hasPrefix("/legal/") }, "\(eInvoicing)")
        let tenantAfter = try call("GET", "/v1/tenant", expect: 200)
        XCTAssertNotEqual(tenantAfter["name"] as? String, "Renamed")
        XCTAssertEqual((tenantAfter["documents"] as? [String: Any])?["e_invoicing"] as? Bool, false)

        let template = try call("PUT", "/v1/tenant/document-template", #"{"template":"<p>{{#lines}}{{description}}</p>"}"#, expect: 422)
        XCTAssertEqual(problemPointers(template), ["/template"])
        let current = try call("GET", "/v1/tenant/document-template", expect: 200)
        XCTAssertEqual(current["is_default"] as? Bool, true)
    }

    func testEInvoicingRefusesToIssueAnInvoiceMissingBuyerData() throws {
        try call("PATCH", "/v1/tenant", #"{"legal":\#(legal),"documents":{"e_invoicing":true}}"#, expect: 200)
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Nowhere Ltd"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","lines":[{"description":"Audit","quantity":"1","unit_price":"10.00","tax_rate":"20"}]}"#,
            expect: 201)
        let id = try XCTUnwrap(draft["id"] as? String)
        let problem = try call("POST", "/v1/invoices/\(id)/issue", expect: 422)
        XCTAssertTrue(problemPointers(problem).contains { $0.hasPrefix("/party/address") }, "\(problem)")
        XCTAssertEqual(try call("GET", "/v1/invoices/\(id)", expect: 200)["status"] as? String, "draft")
    }

    func testTheDocumentPassKeepsWhatTheEODIssued() throws {
        let created = try issuedInvoice(eInvoicing: false)
        _ = created
        let party = try XCTUnwrap(try call("GET", "/v1/parties", expect: 200)["data"] as? [[String: Any]]).first?["id"] as? String
        let setup = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(try XCTUnwrap(party))","mode":"amount","amount":"49.00","description":"Hébergement","statement_reference":"Hébergement {RIMonth}","tax_rate":"20","schedule":{"kind":"monthly","start":"2026-10-01","count":3}}"#,
            expect: 201)
        XCTAssertNotNil(setup["id"])
        let run = try client.runEOD(asOf: "2026-12-01", headers: auth)
        XCTAssertEqual(run["status"] as? String, "succeeded", "\(run)")
        let schema = tenant.quotedSchemaName
        func missing() throws -> Int {
            try server.pool.withConnection {
                try $0.query("""
                    SELECT count(*)::int AS n FROM \(schema).invoices i WHERE i.status <> 'draft'
                      AND NOT EXISTS (SELECT 1 FROM \(schema).invoice_documents d WHERE d.invoice_id = i.id AND d.format = 'pdf')
                    """).first?.decode(Int.self, "n") ?? -1
            }
        }
        XCTAssertGreaterThan(try missing(), 0, "the EOD posts without rendering")
        let control = server.environment.migrations.control
        let pass = DocumentPass(
            service: try InvoiceDocumentService(control: control), database: TenantDatabase(pool: server.pool, control: control))
        let outcome = try pass.run(tenant)
        XCTAssertTrue(outcome.failures.isEmpty, "\(outcome.failures)")
        XCTAssertGreaterThan(outcome.kept, 0)
        XCTAssertEqual(try missing(), 0)
        XCTAssertEqual(try pass.run(tenant).kept, 0, "a second pass has nothing to do")
    }
}
