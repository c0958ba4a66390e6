import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Invoices: drafts with computed amounts, issuing (number + GL entry), voiding, listing.
final class InvoicingInvoiceTests: XCTestCase {
    private var fixture: TenantSchemaFixture!
    private let today = InvoicingBuilder.today

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    func testDraftComputesAndStoresEveryAmount() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let item = try build.item(price: "19.99", taxRate: "20")
            let invoice = try build.draft(
                for: party,
                lines: [
                    InvoiceLineDraft(itemID: item.id, quantity: 3, discount: .percent(10)),
                    InvoiceLineDraft(description: "Setup fee", quantity: 1, unitPrice: ExactDecimal("0.125")!),
                ])
            XCTAssertEqual(invoice.status, .draft)
            XCTAssertNil(invoice.number)
            XCTAssertEqual(invoice.lines.map(\.description), ["Item HOSTING", "Setup fee"])
            XCTAssertEqual(invoice.lines.map(\.gross.description), ["59.9700", "0.1200"])
            XCTAssertEqual(invoice.lines.map(\.net.description), ["53.9700", "0.1200"])
            XCTAssertEqual(invoice.lines.map(\.tax.description), ["10.7900", "0.0000"])
            XCTAssertEqual(invoice.lines[0].incomeAccountID, item.incomeAccountID)
            XCTAssertEqual(invoice.total.description, "64.8800")
            XCTAssertEqual(invoice.paymentTermsDays, 30)
        }
    }

    func testDraftValidationNamesFields() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let error = thrownError(
                try build.draft(
                    for: party,
                    lines: [
                        InvoiceLineDraft(itemID: UUID(), quantity: 1),
                        InvoiceLineDraft(quantity: 0, unitPrice: 5),
                    ]))
            XCTAssertEqual(
                ledgerError(error)?.violations.map(\.pointer), ["/lines/0/itemId", "/lines/1/description", "/lines/1/quantity"])
            let missingParty = thrownError(
                try InvoiceRepository(db).createDraft(InvoiceDraft(partyID: UUID(), lines: [])))
            XCTAssertEqual(ledgerError(missingParty)?.violations.map(\.pointer), ["/partyId"])
            let zeroQuantity = thrownError(
                try build.draft(for: party, lines: [InvoiceLineDraft(description: "x", quantity: 0, unitPrice: 5)]))
            XCTAssertEqual(ledgerError(zeroQuantity)?.violations.map(\.pointer), ["/lines/0/quantity"])
        }
    }

    func testIssuingNumbersAndPosts() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let item = try build.item(price: "100.00", taxRate: "20")
            let draft = try build.draft(for: party, lines: [InvoiceLineDraft(itemID: item.id, quantity: 2)])
            let invoice = try InvoiceRepository(db).issue(draft.id, today: today)
            XCTAssertEqual(invoice.status, .issued)
            XCTAssertEqual(invoice.sequenceNumber, 1)
            XCTAssertEqual(invoice.number, "INV-2026-000001")
            XCTAssertEqual(invoice.invoiceDate, today)
            XCTAssertEqual(invoice.dueDate, today.adding(days: 30))
            XCTAssertEqual(invoice.total.description, "240.0000")

            let entry = try JournalRepository(db).get(try XCTUnwrap(invoice.issueEntryID))
            XCTAssertEqual(entry.sourceType, "invoice")
            XCTAssertEqual(entry.lines.map(\.side), [.debit, .credit, .credit])
            XCTAssertEqual(entry.lines.map(\.accountID), [party.controlAccountID, item.incomeAccountID, try build.account(.taxPayable)])
            XCTAssertEqual(entry.lines.map(\.amount.description), ["240.0000", "200.0000", "40.0000"])
            XCTAssertTrue(entry.lines.allSatisfy { $0.partyID == party.id })
            XCTAssertEqual(try build.balance(party.controlAccountID).description, "240.0000")

            XCTAssertTrue(isConflict(thrownError(try InvoiceRepository(db).issue(draft.id, today: today))))
        }
    }

    func testIssuedInvoicesCannotBeEditedEvenWithSQL() throws {
        let invoice = try fixture.transaction { try InvoicingBuilder(db: $0).issued(for: InvoicingBuilder(db: $0).customer()) }
        for sql in [
            "UPDATE invoices SET total = total + 1, subtotal = subtotal + 1 WHERE id = $1",
            "DELETE FROM invoices WHERE id = $1",
            "UPDATE invoice_lines SET description = 'changed' WHERE invoice_id = $1",
            "DELETE FROM invoice_lines WHERE invoice_id = $1",
            "UPDATE invoices SET status = 'draft', sequence_number = NULL WHERE id = $1",
        ] {
            let error = thrownError(try fixture.transaction { db in try db.execute(sql, [invoice.id]) })
            XCTAssertEqual((error as? PostgresError)?.constraintName, "invoices_issued_immutable", sql)
        }
        try fixture.transaction { db in
            XCTAssertTrue(isConflict(thrownError(try InvoiceRepository(db).replaceDraft(invoice.id, InvoiceDraft(partyID: invoice.partyID, lines: [])))))
            XCTAssertTrue(isConflict(thrownError(try InvoiceRepository(db).deleteDraft(invoice.id))))
        }
    }

    func testDraftsCanBeReplacedAndDeleted() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let repository = InvoiceRepository(db)
            let draft = try build.draft(for: party, amount: "10")
            let replaced = try repository.replaceDraft(
                draft.id,
                InvoiceDraft(
                    partyID: party.id, paymentTermsDays: 7, discount: .amount(5),
                    lines: [InvoiceLineDraft(description: "A", quantity: 2, unitPrice: 10), InvoiceLineDraft(description: "B", quantity: 1, unitPrice: 5)]))
            XCTAssertEqual(replaced.lines.count, 2)
            XCTAssertEqual(replaced.total.description, "20.0000")
            XCTAssertEqual(replaced.lines.map(\.discountAmount.description), ["4.0000", "1.0000"])
            XCTAssertEqual(replaced.paymentTermsDays, 7)
            try repository.deleteDraft(draft.id)
            guard case .notFound? = ledgerError(thrownError(try repository.get(draft.id))) else { return XCTFail() }
        }
    }

    func testVoidPostsTheReverseAndKeepsTheNumber() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let invoice = try build.issued(for: party, amount: "80.00")
            let voided = try InvoiceRepository(db).void(invoice.id, on: today.adding(days: 1))
            XCTAssertEqual(voided.status, .void)
            XCTAssertEqual(voided.number, invoice.number)
            let reversal = try JournalRepository(db).get(try XCTUnwrap(voided.voidEntryID))
            XCTAssertEqual(reversal.reversesEntryID, invoice.issueEntryID)
            XCTAssertEqual(reversal.sourceType, "invoiceVoid")
            XCTAssertEqual(try build.balance(party.controlAccountID), .zero)
            XCTAssertTrue(isConflict(thrownError(try InvoiceRepository(db).void(invoice.id, on: today))))
            // The next invoice gets the next number: the voided one stays used.
            XCTAssertEqual(try build.issued(for: party).sequenceNumber, 2)
        }
    }

    func testZeroTotalCannotBeIssued() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let draft = try build.draft(for: try build.customer(), amount: "0")
            XCTAssertEqual(ledgerError(thrownError(try InvoiceRepository(db).issue(draft.id, today: today)))?.violations.map(\.pointer), ["/lines"])
            XCTAssertEqual(try InvoiceNumbering(db).settings().nextSequenceNumber, 1)
        }
    }

    func testCustomNumberPattern() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let settings = try InvoiceNumbering(db).update(pattern: "{PREFIX}{YY}{MM}-{SEQ:4}", prefix: "F")
            XCTAssertEqual(settings.pattern.pattern, "{PREFIX}{YY}{MM}-{SEQ:4}")
            XCTAssertEqual(try build.issued(for: try build.customer()).number, "F2603-0001")
            XCTAssertEqual(
                ledgerError(thrownError(try InvoiceNumbering(db).update(pattern: "INV", prefix: "F")))?.violations.map(\.pointer),
                ["/pattern"])
        }
    }

    func testListFiltersAndPaginates() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let acme = try build.customer("Acme")
            let other = try build.customer("Other", terms: 0)
            let issued = try (0..<3).map { _ in try build.issued(for: acme) }
            _ = try build.draft(for: acme, amount: "5")
            let late = try build.issued(for: other)  // due today: overdue tomorrow
            let repository = InvoiceRepository(db)

            XCTAssertEqual(try repository.list(InvoiceQuery(status: .draft)).items.count, 1)
            XCTAssertEqual(Set(try repository.list(InvoiceQuery(partyID: acme.id)).items.map(\.id)).count, 4)
            XCTAssertEqual(try repository.list(InvoiceQuery(overdueOn: today.adding(days: 1))).items.map(\.id), [late.id])
            XCTAssertEqual(try repository.list(InvoiceQuery(overdueOn: today)).items.count, 0)
            XCTAssertEqual(try repository.list(InvoiceQuery(from: today, through: today)).items.count, 4)
            XCTAssertEqual(try repository.list(InvoiceQuery(through: today.adding(days: -1))).items.count, 0)

            var seen = [UUID]()
            var cursor: PageCursor?
            repeat {
                let page = try repository.list(InvoiceQuery(page: PageRequest(limit: 2, after: cursor)))
                XCTAssertLessThanOrEqual(page.items.count, 2)
                XCTAssertTrue(page.items.allSatisfy { !$0.lines.isEmpty })
                seen += page.items.map(\.id)
                cursor = try page.next.map { try XCTUnwrap(PageCursor(token: $0.token)) }
            } while cursor != nil
            XCTAssertEqual(seen.count, 5)
            XCTAssertEqual(Set(seen).count, 5)
            XCTAssertTrue(Set(seen).isSuperset(of: issued.map(\.id)))
        }
    }

    func testCursorTokensRejectGarbage() {
        XCTAssertNil(PageCursor(token: "not a token"))
        XCTAssertNil(PageCursor(token: Data("x|y".utf8).base64EncodedString()))
        XCTAssertNil(PageCursor(token: Data("2026-01-01'; DROP|\(UUID())".utf8).base64EncodedString()))
    }
}
