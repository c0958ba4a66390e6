import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Payments: allocations to invoices, partial payments, no overpayment, reversal.
final class InvoicingPaymentTests: XCTestCase {
    private var fixture: TenantSchemaFixture!
    private let today = InvoicingBuilder.today

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    private func pay(_ db: PostgresConnection, _ party: Party, _ amount: String, _ allocations: [(Invoice, String)]) throws -> Payment {
        try PaymentRepository(db).record(
            PaymentDraft(
                partyID: party.id, date: today, amount: ExactDecimal(amount)!, method: .bankTransfer, reference: "TX-1",
                allocations: allocations.map { PaymentAllocationDraft(invoiceID: $0.0.id, amount: ExactDecimal($0.1)!) }))
    }

    func testPartialThenFullPayment() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let invoice = try build.issued(for: party, amount: "100.00")
            let first = try pay(db, party, "40.00", [(invoice, "40.00")])
            XCTAssertEqual(try InvoiceRepository(db).get(invoice.id).status, .partiallyPaid)
            XCTAssertEqual(try InvoiceRepository(db).get(invoice.id).outstanding.description, "60.0000")
            XCTAssertEqual(first.allocations.map(\.invoiceID), [invoice.id])
            let entry = try JournalRepository(db).get(first.entryID)
            XCTAssertEqual(entry.lines.map(\.side), [.debit, .credit])
            XCTAssertEqual(entry.lines.map(\.accountID), [try build.account(.bank), party.controlAccountID])
            XCTAssertEqual(entry.lines[1].document, DocumentReference(type: "invoice", id: invoice.id))

            _ = try pay(db, party, "60", [(invoice, "60")])
            let paid = try InvoiceRepository(db).get(invoice.id)
            XCTAssertEqual(paid.status, .paid)
            XCTAssertEqual(paid.outstanding, .zero)
            XCTAssertEqual(try build.balance(party.controlAccountID), .zero)
            XCTAssertEqual(try build.balance(try build.account(.bank)).description, "100.0000")
        }
    }

    func testOnePaymentAcrossInvoices() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let a = try build.issued(for: party, amount: "30.00")
            let b = try build.issued(for: party, amount: "50.00")
            let payment = try pay(db, party, "55.00", [(a, "30.00"), (b, "25.00")])
            XCTAssertEqual(Set(payment.allocations.map(\.invoiceID)), [a.id, b.id])
            XCTAssertEqual(try InvoiceRepository(db).get(a.id).status, .paid)
            XCTAssertEqual(try InvoiceRepository(db).get(b.id).status, .partiallyPaid)
        }
    }

    func testOverpaymentIsRefusedNamingTheField() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let a = try build.issued(for: party, amount: "30.00")
            let b = try build.issued(for: party, amount: "50.00")
            let error = ledgerError(thrownError(try pay(db, party, "90.00", [(a, "30.00"), (b, "60.00")])))
            XCTAssertEqual(error?.violations.map(\.pointer), ["/allocations/1/amount"])
            XCTAssertTrue(error?.violations.first?.message.contains("overpays") ?? false)
            XCTAssertEqual(try fixture.count("SELECT count(*) FROM payments"), 0)
            XCTAssertEqual(try InvoiceRepository(db).get(a.id).status, .issued)
        }
    }

    func testAmountMustEqualTheAllocations() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let invoice = try build.issued(for: party, amount: "30.00")
            XCTAssertEqual(ledgerError(thrownError(try pay(db, party, "31.00", [(invoice, "30.00")])))?.violations.map(\.pointer), ["/amount"])
        }
    }

    func testOnlyThePartysOpenInvoicesTakePayments() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let other = try build.customer("Other")
            let theirs = try build.issued(for: other, amount: "10.00")
            let draft = try build.draft(for: party, amount: "10.00")
            let voided = try InvoiceRepository(db).void(try build.issued(for: party, amount: "10.00").id, on: today)
            let missing = try build.draft(for: party, amount: "1.00")
            try InvoiceRepository(db).deleteDraft(missing.id)
            let error = ledgerError(
                thrownError(try pay(db, party, "40", [(theirs, "10"), (draft, "10"), (voided, "10"), (missing, "10")])))
            XCTAssertEqual(
                error?.violations.map(\.pointer),
                ["/allocations/0/invoiceId", "/allocations/1/invoiceId", "/allocations/2/invoiceId", "/allocations/3/invoiceId"])
        }
    }

    func testReversalReopensTheInvoices() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let a = try build.issued(for: party, amount: "30.00")
            let b = try build.issued(for: party, amount: "50.00")
            _ = try pay(db, party, "10.00", [(b, "10.00")])
            let payment = try pay(db, party, "50.00", [(a, "30.00"), (b, "20.00")])
            let reversed = try PaymentRepository(db).reverse(payment.id, on: today.adding(days: 2))
            XCTAssertTrue(reversed.isReversed)
            XCTAssertEqual(reversed.reversedOn, today.adding(days: 2))
            XCTAssertEqual(try InvoiceRepository(db).get(a.id).status, .issued)
            let reopened = try InvoiceRepository(db).get(b.id)
            XCTAssertEqual(reopened.status, .partiallyPaid)
            XCTAssertEqual(reopened.amountPaid.description, "10.0000")
            XCTAssertTrue(isConflict(thrownError(try PaymentRepository(db).reverse(payment.id, on: today))))
            XCTAssertEqual(try build.balance(party.controlAccountID).description, "70.0000")
        }
    }

    func testPaidInvoiceCannotBeVoided() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let invoice = try build.issued(for: party, amount: "30.00")
            _ = try pay(db, party, "5.00", [(invoice, "5.00")])
            XCTAssertTrue(isConflict(thrownError(try InvoiceRepository(db).void(invoice.id, on: today))))
        }
    }

    func testPaymentsAreFinalInTheDatabase() throws {
        let payment = try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            return try pay(db, party, "5.00", [(try build.issued(for: party), "5.00")])
        }
        for sql in [
            "UPDATE payments SET amount = 6 WHERE id = $1", "DELETE FROM payments WHERE id = $1",
            "UPDATE payments SET entry_first_line = 1, entry_last_line = 2 WHERE id = $1",
            "UPDATE payments SET entry_first_line = 1, entry_last_line = 1, entry_bank_line = 2 WHERE id = $1",
            "UPDATE payments SET entry_id = gen_random_uuid() WHERE id = $1",
            "UPDATE payment_allocations SET amount = 6 WHERE payment_id = $1",
            "DELETE FROM payment_allocations WHERE payment_id = $1",
        ] {
            let error = thrownError(try fixture.transaction { db in try db.execute(sql, [payment.id]) })
            XCTAssertEqual((error as? PostgresError)?.constraintName, "payments_final", sql)
        }
        // Overpaying through SQL is refused by the invoice's own constraint.
        let overpaid = thrownError(
            try fixture.transaction { db in
                try db.execute("UPDATE invoices SET amount_paid = total + 1, status = 'paid' WHERE id = $1", [payment.allocations[0].invoiceID])
            })
        XCTAssertEqual((overpaid as? PostgresError)?.sqlState, .checkViolation)
    }

    func testListsPaymentsOfAParty() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let invoice = try build.issued(for: party, amount: "30.00")
            _ = try pay(db, party, "10.00", [(invoice, "10.00")])
            _ = try pay(db, party, "10.00", [(invoice, "10.00")])
            let page = try PaymentRepository(db).list(partyID: party.id, page: PageRequest(limit: 1))
            XCTAssertEqual(page.items.count, 1)
            XCTAssertNotNil(page.next)
            XCTAssertEqual(try PaymentRepository(db).list(partyID: UUID()).items.count, 0)
        }
    }
}
