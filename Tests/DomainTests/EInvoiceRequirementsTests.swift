import XCTest

@testable import Domain

final class EInvoiceRequirementsTests: XCTestCase {
    private func paths(_ document: InvoiceDocument) -> [String] {
        EInvoiceRequirements.violations(for: document).map(\.path)
    }

    func testCompleteSampleNeedsNothing() {
        XCTAssertEqual(paths(.sample()), [])
        XCTAssertEqual(paths(.sample(locale: .en)), [])
    }

    /// The paths `change` makes the sample miss.
    private func paths(after change: (inout InvoiceDocument) -> Void) -> [String] {
        var document = InvoiceDocument.sample()
        change(&document)
        return paths(document)
    }

    func testEachMissingPartyFieldGivesItsPath() {
        XCTAssertEqual(paths { $0.seller.name = "  " }, ["legal/legalName"])
        XCTAssertEqual(paths { $0.seller.address = nil }, ["legal/address"])
        XCTAssertEqual(paths { $0.seller.address?.country = "" }, ["legal/address/country"])
        XCTAssertEqual(paths { $0.seller.vatID = nil }, ["legal/vatId"])
        XCTAssertEqual(paths { $0.payment?.iban = "" }, ["legal/iban"])
        XCTAssertEqual(paths { $0.buyer.address = nil }, ["party/address"])
        XCTAssertEqual(paths { $0.buyer.address?.country = " " }, ["party/address/country"])
        XCTAssertEqual(paths { $0.buyer.vatID = nil }, [], "a buyer VAT id is needed for AE and K only")
        var document = InvoiceDocument.sample()
        document.seller.vatID = nil
        let seller = EInvoiceRequirements.violations(for: document)
        XCTAssertEqual(seller.first?.code, .required)
        XCTAssertTrue(seller.first?.message.contains("BR-S-02") ?? false, "\(seller)")
        document = .sample()
        document.buyer.vatID = nil
        document.lines[0].taxCategory = .reverseCharge
        document.taxBreakdown.append(DocumentTaxSubtotal(
            category: .reverseCharge, rate: .zero, basis: 1, tax: .zero, exemptionReason: "Autoliquidation"))
        let buyer = EInvoiceRequirements.violations(for: document)
        XCTAssertEqual(buyer.map(\.path), ["party/vatId"])
        XCTAssertTrue(buyer.first?.message.contains("BR-AE-02") ?? false)
    }

    func testInvoiceFields() {
        var document = InvoiceDocument.sample()
        document.dueDate = nil
        XCTAssertEqual(paths(document), [], "payment terms alone satisfy BR-CO-25")
        document.paymentTerms = nil
        XCTAssertEqual(paths(document), ["dueDate"])
        document.totals.amountDue = .zero
        XCTAssertEqual(paths(document), [], "nothing due, no due date needed")
        XCTAssertEqual(paths(.sample(isDraft: true)), ["number"])
        document = .sample()
        document.taxBreakdown.append(DocumentTaxSubtotal(category: .exempt, rate: .zero, basis: 1, tax: .zero))
        document.lines[0].taxCategory = .exempt
        let violations = EInvoiceRequirements.violations(for: document)
        XCTAssertEqual(violations.map(\.path), ["taxBreakdown/2/exemptionReason"])
        XCTAssertTrue(violations.first?.message.contains("BR-E-10") ?? false)
    }

    func testEveryMissingFieldAtOnce() {
        var document = InvoiceDocument.sample(isDraft: true)
        document.seller = DocumentParty(name: "")
        document.buyer = DocumentParty(name: "")
        document.dueDate = nil
        document.paymentTerms = nil
        document.payment?.iban = ""
        XCTAssertEqual(paths(document), [
            "legal/legalName", "legal/address", "legal/vatId", "legal/iban", "party/name", "party/address", "number",
            "dueDate",
        ])
    }
}
