import Domain
import Foundation
import Postgres
import TestSupport
import XCTest

@testable import Store

/// The invoice number sequence is gapless and strictly increasing in commit order, under concurrent issuing
/// and rollbacks.
final class InvoicingNumberingConcurrencyTests: XCTestCase {
    private var fixture: TenantSchemaFixture!
    private let today = InvoicingBuilder.today

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    private struct Rollback: Error {}

    func testSixteenThreadsIssueAGaplessUniqueSequence() throws {
        let threads = 16
        let perThread = 6
        let party = try fixture.transaction { try InvoicingBuilder(db: $0).customer() }
        // Drafts first, so that the threads race only on issuing.
        let drafts: [[UUID]] = try fixture.transaction { db in
            try (0..<threads).map { _ in try (0..<perThread).map { _ in try InvoicingBuilder(db: db).draft(for: party, amount: "10.00").id } }
        }
        let schema = fixture.quotedSchema
        let today = self.today
        let failures = SharedList<String>()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            do {
                let connection = try TestDatabase.connect()
                for (index, id) in drafts[thread].enumerated() {
                    do {
                        try TenantSchemaFixture.transaction(on: connection, schema: schema) { db in
                            _ = try InvoiceRepository(db).issue(id, today: today)
                            // Every third issue of every thread is rolled back after taking its number.
                            if index % 3 == 2 { throw Rollback() }
                        }
                    } catch is Rollback {}
                }
            } catch {
                failures.append("thread \(thread): \(error)")
            }
        }
        XCTAssertEqual(failures.all, [])

        let issued = try fixture.transaction { db in
            try db.query(
                """
                SELECT i.sequence_number, i.number, e.entry_number FROM invoices i JOIN journal_entries e ON e.id = i.issue_entry_id
                WHERE i.status = 'issued' ORDER BY i.sequence_number
                """
            ).map { (try $0.decode(Int64.self, "sequence_number"), try $0.decode(String.self, "number"), try $0.decode(Int64.self, "entry_number")) }
        }
        let expected = threads * (perThread - perThread / 3)
        XCTAssertEqual(issued.map(\.0), (1...Int64(expected)).map { $0 }, "gapless and unique")
        XCTAssertEqual(Set(issued.map(\.1)).count, expected)
        XCTAssertEqual(issued.map(\.2), issued.map(\.2).sorted(), "numbers follow the order the issues were posted")
        XCTAssertEqual(try fixture.count("SELECT next_value FROM invoice_numbering"), expected + 1)
        XCTAssertEqual(try fixture.count("SELECT count(*) FROM invoices WHERE status = 'draft'"), threads * perThread / 3)
    }

    func testARolledBackIssueBurnsNoNumber() throws {
        let party = try fixture.transaction { try InvoicingBuilder(db: $0).customer() }
        let first = try fixture.transaction { try InvoicingBuilder(db: $0).draft(for: party, amount: "10.00") }
        XCTAssertThrowsError(
            try fixture.transaction { db in
                XCTAssertEqual(try InvoiceRepository(db).issue(first.id, today: today).sequenceNumber, 1)
                throw Rollback()
            })
        let second = try fixture.transaction { db in
            try InvoiceRepository(db).issue(try InvoicingBuilder(db: db).draft(for: party, amount: "20.00").id, today: today)
        }
        XCTAssertEqual(second.sequenceNumber, 1)
        XCTAssertEqual(try fixture.transaction { try InvoiceRepository($0).get(first.id).status }, .draft)
    }

    func testAFailedIssueBurnsNoNumberAndLeavesTheTransactionUsable() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let accounts = AccountRepository(db)
            let doomedIncome = try accounts.create(AccountDraft(code: "4999", name: "Doomed", type: .income))
            let doomed = try build.draft(
                for: party, lines: [InvoiceLineDraft(description: "x", quantity: 1, unitPrice: 5, incomeAccountID: doomedIncome.id)])
            _ = try accounts.setArchived(doomedIncome.id, true)
            // The number is taken, then the posting is refused by the database (archived account): all rolled back.
            XCTAssertNotNil(ledgerError(thrownError(try InvoiceRepository(db).issue(doomed.id, today: today))))
            XCTAssertEqual(try InvoiceNumbering(db).settings().nextSequenceNumber, 1)
            XCTAssertEqual(try InvoiceRepository(db).get(doomed.id).status, .draft)
            XCTAssertEqual(try build.issued(for: party).sequenceNumber, 1)
        }
    }

    func testAForeignKeyErrorDuringIssueBurnsNoNumber() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let draft = try build.draft(for: party, amount: "10.00")
            // Point the party at an account id that does not exist (bypassing the repository's checks).
            try db.execute("ALTER TABLE parties DROP CONSTRAINT parties_control_account_id_fkey")
            try db.execute("UPDATE parties SET control_account_id = gen_random_uuid() WHERE id = $1", [party.id])
            let error = thrownError(try InvoiceRepository(db).issue(draft.id, today: today))
            XCTAssertEqual(ledgerError(error)?.violations.map(\.pointer), ["/lines"])
            XCTAssertEqual(try InvoiceNumbering(db).settings().nextSequenceNumber, 1)
            try db.execute("UPDATE parties SET control_account_id = $2 WHERE id = $1", [party.id, try build.account(.accountsReceivable)])
            XCTAssertEqual(try InvoiceRepository(db).issue(draft.id, today: today).sequenceNumber, 1)
        }
    }

    func testTheCounterNeverMovesBackAndIsNeverDeleted() throws {
        for sql in ["UPDATE invoice_numbering SET next_value = 1 WHERE next_value > 1", "DELETE FROM invoice_numbering"] {
            let error = thrownError(
                try fixture.transaction { db in
                    try db.execute("UPDATE invoice_numbering SET next_value = next_value + 1")
                    try db.execute(sql)
                })
            XCTAssertEqual((error as? PostgresError)?.constraintName, "invoice_numbering_forward", sql)
        }
    }

    func testNumbersTakenButNotIssuedCannotCommit() throws {
        // A block of three reserved by hand and never used, then two invoices issued normally (numbers 4 and 5):
        // COMMIT is refused, nothing stays.
        let error = thrownError(
            try fixture.transaction { db in
                let build = InvoicingBuilder(db: db)
                let party = try build.customer()
                try db.execute("UPDATE invoice_numbering SET next_value = next_value + 3")
                XCTAssertEqual(try build.issued(for: party).sequenceNumber, 4)
                XCTAssertEqual(try build.issued(for: party).sequenceNumber, 5)
            })
        XCTAssertEqual((error as? PostgresError)?.constraintName, "invoice_numbering_gapless", "\(String(describing: error))")
        XCTAssertEqual(try fixture.count("SELECT next_value FROM invoice_numbering"), 1)
        XCTAssertEqual(try fixture.count("SELECT count(*) FROM invoices"), 0)
    }
}
