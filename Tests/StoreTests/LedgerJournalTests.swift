import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// The journal: balanced entries enforced by the database, append-only, corrections by reversal.
final class LedgerJournalTests: XCTestCase {
    private var fixture: TenantSchemaFixture!
    private let day = CalendarDate(year: 2026, month: 3, day: 1)!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    private func accounts(_ db: PostgresConnection) throws -> (bank: UUID, income: UUID) {
        let chart = AccountRepository(db)
        return (try chart.account(role: .bank).id, try chart.account(role: .salesIncome).id)
    }

    private func sale(_ db: PostgresConnection, _ amount: ExactDecimal = 100) throws -> UUID {
        let (bank, income) = try accounts(db)
        return try JournalRepository(db).post(
            JournalEntryDraft(
                date: day, currency: .eur, memo: "cash sale",
                lines: [
                    JournalLineDraft(accountID: bank, side: .debit, amount: amount),
                    JournalLineDraft(accountID: income, side: .credit, amount: amount, memo: "sale"),
                ]))
    }

    func testPostsABalancedEntry() throws {
        try fixture.transaction { db in
            let id = try sale(db, ExactDecimal("12.34")!)
            let entry = try JournalRepository(db).get(id)
            XCTAssertEqual(entry.lines.count, 2)
            XCTAssertEqual(entry.lines.map(\.side), [.debit, .credit])
            XCTAssertEqual(entry.lines.map(\.amount.description), ["12.3400", "12.3400"])
            XCTAssertEqual(entry.memo, "cash sale")
            XCTAssertEqual(entry.date, day)
        }
    }

    func testRepositoryRefusesAnUnbalancedEntryNamingTheField() throws {
        try fixture.transaction { db in
            let (bank, income) = try accounts(db)
            let error = thrownError(
                try JournalRepository(db).post(
                    JournalEntryDraft(
                        date: day, currency: .eur,
                        lines: [
                            JournalLineDraft(accountID: bank, side: .debit, amount: 100),
                            JournalLineDraft(accountID: income, side: .credit, amount: 99),
                        ])))
            XCTAssertEqual((error as? LedgerError)?.violations.map(\.pointer), ["/lines"])
        }
    }

    func testDatabaseRefusesAnUnbalancedEntry() throws {
        let error = thrownError(
            try fixture.transaction { db in
                let (bank, income) = try accounts(db)
                let entry = try db.query(
                    "INSERT INTO journal_entries (entry_date, currency, source_type) VALUES ('2026-03-01', 'EUR', 'manual') RETURNING id"
                )[0].decode(UUID.self, "id")
                try db.execute(
                    "INSERT INTO journal_lines (entry_id, line_no, account_id, debit) VALUES ($1, 1, $2, 100)", [entry, bank])
                try db.execute(
                    "INSERT INTO journal_lines (entry_id, line_no, account_id, credit) VALUES ($1, 2, $2, 90)", [entry, income])
            })
        XCTAssertEqual((error as? PostgresError)?.sqlState, .checkViolation)
        XCTAssertEqual((error as? PostgresError)?.constraintName, "journal_entry_balanced")
        XCTAssertEqual(try fixture.count("SELECT count(*) FROM journal_entries"), 0)
    }

    func testDatabaseRefusesAnEntryWithoutLines() throws {
        let error = thrownError(
            try fixture.transaction { db in
                try db.execute("INSERT INTO journal_entries (entry_date, currency, source_type) VALUES ('2026-03-01', 'EUR', 'manual')")
            })
        XCTAssertEqual((error as? PostgresError)?.constraintName, "journal_entry_balanced")
    }

    func testDatabaseRefusesALineWithBothOrNeitherSide() throws {
        for (debit, credit) in [("10", "10"), ("0", "0"), ("-5", "0")] {
            let error = thrownError(
                try fixture.transaction { db in
                    let (bank, _) = try accounts(db)
                    let entry = try db.query(
                        "INSERT INTO journal_entries (entry_date, currency, source_type) VALUES ('2026-03-01', 'EUR', 'manual') RETURNING id"
                    )[0].decode(UUID.self, "id")
                    try db.execute(
                        "INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit) VALUES ($1, 1, $2, $3::numeric, $4::numeric)",
                        [entry, bank, debit, credit])
                })
            XCTAssertEqual((error as? PostgresError)?.sqlState, .checkViolation, "\(debit)/\(credit)")
        }
    }

    /// source_type and document_type: 1–40 ASCII letters, the first lower-case (0015 rewrote the check).
    func testKindColumnsTakeOnlyLowerCamelIdentifiersUpToFortyLetters() throws {
        // An entry and its lines in one statement, as the journal writes them (an entry must have lines).
        func post(sourceType: String, documentType: String) throws {
            try fixture.transaction { db in
                let (bank, income) = try accounts(db)
                try db.execute(
                    """
                    WITH entry AS (
                        INSERT INTO journal_entries (entry_date, currency, source_type, source_id)
                        VALUES ('2026-03-01', 'EUR', $1, gen_random_uuid()) RETURNING id)
                    INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, document_type, document_id)
                    SELECT entry.id, l.line_no, l.account_id, l.debit, l.credit, $4, gen_random_uuid()
                    FROM entry, (VALUES (1, $2::uuid, 5, 0), (2, $3::uuid, 0, 5)) l (line_no, account_id, debit, credit)
                    """, [sourceType, bank, income, documentType])
            }
        }
        let accepted = ["a", "invoice", "salesOrder", "a" + String(repeating: "B", count: 39)]
        let refused = ["", "Invoice", "sales_order", "invoice1", "façade", "a" + String(repeating: "b", count: 40), " invoice", "invoice\n"]
        for kind in accepted { XCTAssertNoThrow(try post(sourceType: kind, documentType: kind), kind) }
        for kind in refused {
            let entryError = thrownError(try post(sourceType: kind, documentType: "invoice")) as? PostgresError
            XCTAssertEqual(entryError?.sqlState, .checkViolation, kind)
            XCTAssertEqual(entryError?.constraintName, "journal_entries_source_type_check", kind)
            let lineError = thrownError(try post(sourceType: "invoice", documentType: kind)) as? PostgresError
            XCTAssertEqual(lineError?.sqlState, .checkViolation, kind)
            XCTAssertEqual(lineError?.constraintName, "journal_lines_document_type_check", kind)
        }
        XCTAssertEqual(try fixture.count("SELECT count(*) FROM journal_entries"), accepted.count)
        XCTAssertEqual(
            try fixture.count("SELECT count(*) FROM journal_lines WHERE document_type = 'a' || repeat('B', 39)"), 2)
    }

    func testPostingsCannotBeUpdatedOrDeleted() throws {
        let id = try fixture.transaction { try sale($0) }
        for sql in [
            "UPDATE journal_lines SET debit = debit + 1 WHERE entry_id = $1 AND line_no = 1",
            "DELETE FROM journal_lines WHERE entry_id = $1",
            "UPDATE journal_entries SET memo = 'changed' WHERE id = $1",
            "DELETE FROM journal_entries WHERE id = $1",
        ] {
            let error = thrownError(try fixture.transaction { db in try db.execute(sql, [id]) })
            XCTAssertEqual((error as? PostgresError)?.constraintName, "journal_append_only", sql)
        }
        let truncate = thrownError(try fixture.transaction { db in try db.simpleQuery("TRUNCATE journal_lines") })
        XCTAssertEqual((truncate as? PostgresError)?.constraintName, "journal_append_only")
        XCTAssertEqual(try fixture.transaction { try JournalRepository($0).get(id).lines.count }, 2)
    }

    func testReversalSwapsEverySideOnce() throws {
        try fixture.transaction { db in
            let journal = JournalRepository(db)
            let original = try sale(db, 40)
            let reversal = try journal.reverse(original, on: day.adding(days: 1), memo: "correction")
            let entry = try journal.get(reversal)
            XCTAssertEqual(entry.reversesEntryID, original)
            XCTAssertEqual(entry.lines.map(\.side), [.credit, .debit])
            XCTAssertEqual(entry.sourceType, "reversal")
            guard case .conflict? = thrownError(try journal.reverse(original, on: day)) as? LedgerError else {
                return XCTFail("reversed twice")
            }
            let balances = try journal.balances()
            XCTAssertTrue(balances.allSatisfy { $0.net.isZero })
        }
    }

    /// Part of a shared entry (docs/banking.md): lines that balance by themselves reverse alone; lines that do not
    /// reverse against the line named to balance them, which takes their net on the other side (the deposit's bank).
    func testAPartOfAnEntryReversesAloneOrAgainstTheLineThatBalancesIt() throws {
        try fixture.transaction { db in
            let journal = JournalRepository(db)
            let (bank, income) = try accounts(db)
            let deposit = try journal.post(
                JournalEntryDraft(
                    date: day, currency: .eur, memo: "deposit",
                    lines: [
                        JournalLineDraft(accountID: bank, side: .debit, amount: 195),
                        JournalLineDraft(accountID: income, side: .credit, amount: 120, memo: "A"),
                        JournalLineDraft(accountID: income, side: .credit, amount: 75, memo: "B"),
                    ]))
            let one = try journal.get(try journal.reverse(deposit, lines: 2...2, balancedBy: 1, on: day))
            XCTAssertNil(one.reversesEntryID)
            func shape(_ entry: JournalEntry) -> [String] {
                entry.lines.map { "\($0.lineNumber) \($0.accountID == bank ? "bank" : "income") \($0.side)" }
            }
            XCTAssertEqual(shape(one), ["1 bank credit", "2 income debit"])
            XCTAssertEqual(one.lines.map(\.amount), [120, 120])
            XCTAssertEqual(one.lines.map(\.memo), [nil, "A"])
            let pairs = try journal.post(
                JournalEntryDraft(
                    date: day, currency: .eur,
                    lines: [
                        JournalLineDraft(accountID: bank, side: .debit, amount: 10),
                        JournalLineDraft(accountID: income, side: .credit, amount: 10),
                        JournalLineDraft(accountID: bank, side: .debit, amount: 7),
                        JournalLineDraft(accountID: income, side: .credit, amount: 7),
                    ]))
            let alone = try journal.get(try journal.reverse(pairs, lines: 3...4, on: day))
            XCTAssertEqual(shape(alone), ["1 bank credit", "2 income debit"])
            XCTAssertEqual(alone.lines.map(\.amount), [7, 7])
            let net = Dictionary(grouping: try journal.balances(), by: \.accountID).mapValues { $0.map(\.net) }
            XCTAssertEqual(net[bank], [85], "195 in, 120 taken off by the first reversal, 10 + 7 − 7")
            let totals = try journal.totals()
            XCTAssertEqual(totals.debit, totals.credit)
        }
    }

    func testArchivedAccountTakesNoNewPostingsButReversalsStillWork() throws {
        try fixture.transaction { db in
            let chart = AccountRepository(db)
            let misc = try chart.create(AccountDraft(code: "4900", name: "Other income", type: .income))
            let bank = try chart.account(role: .bank)
            let journal = JournalRepository(db)
            let draft = JournalEntryDraft(
                date: day, currency: .eur,
                lines: [
                    JournalLineDraft(accountID: bank.id, side: .debit, amount: 5),
                    JournalLineDraft(accountID: misc.id, side: .credit, amount: 5),
                ])
            let posted = try journal.post(draft)
            _ = try chart.setArchived(misc.id, true)
            XCTAssertEqual((thrownError(try journal.post(draft)) as? LedgerError)?.violations.map(\.pointer), ["/lines"])
            XCTAssertNoThrow(try journal.reverse(posted, on: day))
        }
    }

    func testAmountsMustFitTheCurrency() throws {
        try fixture.transaction { db in
            let (bank, income) = try accounts(db)
            let error = thrownError(
                try JournalRepository(db).post(
                    JournalEntryDraft(
                        date: day, currency: .jpy,
                        lines: [
                            JournalLineDraft(accountID: bank, side: .debit, amount: ExactDecimal("1.5")!),
                            JournalLineDraft(accountID: income, side: .credit, amount: 0),
                        ])))
            XCTAssertEqual(
                (error as? LedgerError)?.violations.map(\.pointer), ["/lines/0/amount", "/lines/1/amount"])
        }
    }
}
