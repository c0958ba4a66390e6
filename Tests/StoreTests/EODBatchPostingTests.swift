import Domain
import EOD
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// The EOD's set-based posting path (RecurringInvoiceBatch) makes exactly what creating and issuing the same
/// invoice by hand makes, and the database guards it relies on refuse what they must.
final class EODBatchPostingTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// Lines of one journal entry as comparable text: account, side and amount, party, memo, document type.
    private func entryLines(_ db: PostgresConnection, entry: UUID) throws -> [String] {
        try db.query(
            """
            SELECT account_id::text || ' ' || debit::text || ' ' || credit::text || ' ' || coalesce(party_id::text, '-')
                   || ' ' || coalesce(memo, '-') || ' ' || coalesce(document_type, '-') || ' ' || coalesce(campaign, '-')
                   AS line
            FROM journal_lines WHERE entry_id = $1 ORDER BY line_no
            """, [entry]
        ).map { try $0.decode(String.self, "line") }
    }

    func testAPostedOccurrenceIsTheInvoiceIssuingItByHandWouldMake() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        let (setupID, partyID, lines) = try fixture.store.database.transaction(tenant) { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer("Globex", terms: 10)
            let hosting = try build.item("HOSTING", price: "120.005", taxRate: "20")
            let support = try build.item("SUPPORT", price: "33.33", taxRate: "5.5")
            let consulting = try AccountRepository(db).create(
                AccountDraft(code: "4100", name: "Consulting income", type: .income))
            _ = try db.query("UPDATE items SET income_account_id = $1 WHERE id = $2", [consulting.id, support.id])
            let setup = try RecurringInvoiceSetupRepository(db).create(
                RecurringInvoiceSetupDraft(
                    partyID: party.id,
                    content: .products([
                        RecurringInvoiceLine(itemID: hosting.id, quantity: 3),
                        RecurringInvoiceLine(itemID: support.id, description: "Support hours", quantity: ExactDecimal("2.5")!),
                    ]),
                    discount: .percent(ExactDecimal("7.5")!), statementReference: "Services {RIMonth}-{RIYear}",
                    schedule: try Schedule(rule: .monthly(interval: 1, day: nil), start: date("2026-01-15"), count: 3)))
            let lines = [
                InvoiceLineDraft(itemID: hosting.id, quantity: 3),
                InvoiceLineDraft(itemID: support.id, description: "Support hours", quantity: ExactDecimal("2.5")!),
            ]
            return (setup.id, party.id, lines)
        }
        let run = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-31"), requestedBy: .command)
        guard case .completed(let completed) = run else { return XCTFail("\(run)") }
        XCTAssertEqual(completed.counts["invoice_setups"], 3)

        try fixture.store.database.transaction(tenant) { db in
            let invoices = InvoiceRepository(db)
            let posted = try invoices.list(InvoiceQuery()).items.sorted { ($0.sequenceNumber ?? 0) < ($1.sequenceNumber ?? 0) }
            XCTAssertEqual(posted.map(\.number), ["INV-2026-000001", "INV-2026-000002", "INV-2026-000003"])
            XCTAssertEqual(posted.map(\.invoiceDate), [date("2026-01-15"), date("2026-02-15"), date("2026-03-15")])
            XCTAssertEqual(posted.map(\.statementReference), ["Services JAN-2026", "Services FEB-2026", "Services MAR-2026"])
            XCTAssertEqual(posted.map(\.recurringSetupID), [setupID, setupID, setupID])
            let first = try XCTUnwrap(posted.first)
            XCTAssertEqual(first.dueDate, date("2026-01-25"), "the occurrence's due date plus the setup's terms")

            // The same invoice by hand, dated the last number's day (numbers and dates increase together).
            let manual = try invoices.issue(
                try invoices.createDraft(
                    InvoiceDraft(
                        partyID: partyID, invoiceDate: date("2026-03-15"), paymentTermsDays: 10,
                        discount: .percent(ExactDecimal("7.5")!), lines: lines)
                ).id, today: date("2026-03-15"))
            XCTAssertEqual(manual.sequenceNumber, 4, "numbers continue after the batch's block")
            XCTAssertEqual(
                [first.subtotal, first.discountTotal, first.taxTotal, first.total],
                [manual.subtotal, manual.discountTotal, manual.taxTotal, manual.total])
            XCTAssertEqual(first.lines.map(\.gross), manual.lines.map(\.gross))
            XCTAssertEqual(first.lines.map(\.discountAmount), manual.lines.map(\.discountAmount))
            XCTAssertEqual(first.lines.map(\.net), manual.lines.map(\.net))
            XCTAssertEqual(first.lines.map(\.tax), manual.lines.map(\.tax))
            XCTAssertEqual(first.lines.map(\.incomeAccountID), manual.lines.map(\.incomeAccountID))
            XCTAssertEqual(first.lines.map(\.description), ["Item HOSTING", "Support hours"])
            XCTAssertEqual(
                try entryLines(db, entry: try XCTUnwrap(first.issueEntryID)),
                try entryLines(db, entry: try XCTUnwrap(manual.issueEntryID)),
                "Dr the party's receivable, Cr each income account and tax payable, line for line")
            XCTAssertEqual(try entryLines(db, entry: try XCTUnwrap(first.issueEntryID)).count, 4)

            // Its notification, rendered in the currency's minor units.
            let note = try XCTUnwrap(
                db.query(
                    "SELECT recipient, subject, body, payload->>'total' AS total FROM notification_outbox WHERE dedupe_key = $1",
                    ["invoice_issued:" + first.id.uuidString.lowercased()]
                ).first)
            XCTAssertEqual(try note.decode(String?.self, "recipient"), "billing@acme.test")
            XCTAssertEqual(try note.decode(String.self, "subject"), "Invoice INV-2026-000001 from your supplier")
            XCTAssertEqual(
                try note.decode(String.self, "body"),
                "Dear Globex, please find invoice INV-2026-000001 of 2026-01-15 for \(first.total.rounded(toPlaces: 2)) EUR, "
                    + "due on 2026-01-25. Reference: Services JAN-2026")
            XCTAssertEqual(try note.decode(String.self, "total"), "\(first.total.rounded(toPlaces: 2))")
        }
        try fixture.assertInvariants(tenant)
    }

    func testManualAndEODPathsPostTheSameLinesForRandomDocuments() throws {
        // Random invoices (1-4 lines over items with two income accounts, tax rates 0 / 5.5 / 20, zero and odd
        // quantities, with and without a discount; tax codes with their own payable account on some lines, prices
        // with tax included on some documents, campaigns on some lines — two lines of one account in two campaigns
        // are two credits), each posted once by the EOD and once by hand: both paths turn the document into journal
        // lines through PostingRules.invoiceIssued, line for line, campaign for campaign.
        var random = SplitMix64(seed: 20_261_206)
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        let documents = 16
        let cases = try fixture.store.database.transaction(tenant) { db -> [(setup: UUID, party: UUID, discount: Discount?, inclusive: Bool, lines: [InvoiceLineDraft])] in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer("Initech", terms: 0)
            let other = try AccountRepository(db).create(AccountDraft(code: "4200", name: "Other income", type: .income))
            var items: [Item] = []
            for (index, rate) in [nil, "5.5", "20", "20"].enumerated() {
                let item = try build.item("P\(index)", price: ["19.99", "0.01", "120.005", "7"][index], taxRate: rate)
                if index % 2 == 1 {
                    _ = try db.query("UPDATE items SET income_account_id = $1 WHERE id = $2", [other.id, item.id])
                }
                items.append(item)
            }
            let collected = try AccountRepository(db).create(AccountDraft(code: "4457", name: "VAT collected", type: .liability))
            let codes: [UUID?] = [
                nil,
                try TaxCodeRepository(db).create(
                    TaxCodeDraft(code: "FR-20", name: "TVA 20 %", rate: 20, category: .standard, payableAccountID: collected.id)).id,
                try TaxCodeRepository(db).create(
                    TaxCodeDraft(code: "FR-5.5", name: "TVA 5,5 %", rate: ExactDecimal("5.5")!, category: .reduced)).id,
                try TaxCodeRepository(db).create(
                    TaxCodeDraft(code: "EXEMPT", name: "Exempt", rate: 0, category: .exempt, exemptionReason: "Article 261 CGI")).id,
            ]
            var made: [(UUID, UUID, Discount?, Bool, [InvoiceLineDraft])] = []
            for _ in 0..<documents {
                let count = Int(random.next() % 4) + 1
                var recurring: [RecurringInvoiceLine] = []
                var manual: [InvoiceLineDraft] = []
                for _ in 0..<count {
                    let item = items[Int(random.next() % UInt64(items.count))]
                    let quantity = ExactDecimal(["1", "3", "0.5", "2.25", "10"][Int(random.next() % 5)])!
                    let code = codes[Int(random.next() % UInt64(codes.count))]
                    let campaign = [nil, "Spring", "Autumn"][Int(random.next() % 3)]
                    recurring.append(RecurringInvoiceLine(itemID: item.id, quantity: quantity, taxCodeID: code, campaign: campaign))
                    manual.append(InvoiceLineDraft(itemID: item.id, quantity: quantity, taxCodeID: code, campaign: campaign))
                }
                let discount: Discount? = random.next() % 2 == 0 ? nil : .percent(ExactDecimal("12.5")!)
                let inclusive = random.next() % 3 == 0
                let setup = try RecurringInvoiceSetupRepository(db).create(
                    RecurringInvoiceSetupDraft(
                        partyID: party.id, content: .products(recurring), discount: discount, statementReference: "Random",
                        schedule: try Schedule(rule: .monthly(interval: 1, day: nil), start: date("2026-01-15"), count: 1),
                        pricesIncludeTax: inclusive))
                made.append((setup.id, party.id, discount, inclusive, manual))
            }
            return made
        }
        let run = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-31"), requestedBy: .command)
        guard case .completed(let completed) = run else { return XCTFail("\(run)") }
        XCTAssertEqual(completed.counts["invoice_setups"], documents)
        try fixture.store.database.transaction(tenant) { db in
            let invoices = InvoiceRepository(db)
            let posted = try invoices.list(InvoiceQuery(page: PageRequest(limit: 200))).items
            for (index, document) in cases.enumerated() {
                let byEOD = try XCTUnwrap(posted.first { $0.recurringSetupID == document.setup })
                let byHand = try invoices.issue(
                    try invoices.createDraft(
                        InvoiceDraft(
                            partyID: document.party, invoiceDate: date("2026-01-15"), paymentTermsDays: 0,
                            discount: document.discount, pricesIncludeTax: document.inclusive, lines: document.lines)
                    ).id, today: date("2026-01-15"))
                XCTAssertEqual(byEOD.lines.map(\.taxCodeID), byHand.lines.map(\.taxCodeID), "document \(index)")
                XCTAssertEqual(byEOD.lines.map(\.campaign), document.lines.map(\.campaign), "document \(index)")
                XCTAssertEqual(byEOD.lines.map(\.campaign), byHand.lines.map(\.campaign), "document \(index)")
                XCTAssertEqual(byEOD.lines.map(\.tax), byHand.lines.map(\.tax), "document \(index)")
                XCTAssertEqual(byEOD.pricesIncludeTax, document.inclusive, "document \(index)")
                XCTAssertEqual(
                    try entryLines(db, entry: try XCTUnwrap(byEOD.issueEntryID)),
                    try entryLines(db, entry: try XCTUnwrap(byHand.issueEntryID)), "document \(index)")
            }
            let coded = try db.query(
                """
                SELECT count(*)::int AS n FROM journal_lines l JOIN accounts a ON a.id = l.account_id
                WHERE a.code = '4457' AND l.credit > 0
                """
            ).first?.decode(Int.self, "n")
            XCTAssertGreaterThan(coded ?? 0, 0, "FR-20's tax is credited to its own account on both paths")
            let campaigned = try db.query(
                """
                SELECT count(*)::int AS n FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                JOIN invoices i ON i.id = e.source_id WHERE i.recurring_setup_id IS NOT NULL AND l.campaign IS NOT NULL
                """
            ).first?.decode(Int.self, "n")
            XCTAssertGreaterThan(campaigned ?? 0, 0, "the EOD's income credits carry their lines' campaigns")
        }
        try fixture.assertInvariants(tenant)
    }

    func testANewLineCannotJoinAnIssuedInvoiceEvenWithSQL() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-05"))
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-31"), requestedBy: .command)
        let error = thrownError(
            try fixture.store.database.transaction(tenant) { db in
                try db.execute(
                    """
                    INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, income_account_id,
                                               gross_amount, discount_amount, net_amount, tax_amount)
                    SELECT i.id, 9, 'extra', 1, 0, a.id, 0, 0, 0, 0
                    FROM invoices i, accounts a WHERE a.role = 'salesIncome'
                    """)
            })
        XCTAssertEqual((error as? PostgresError)?.constraintName, "invoices_issued_immutable")
    }

    func testLinesWithoutTheirEntryAreRefusedAtOnce() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-05"))
        let error = thrownError(
            try fixture.store.database.transaction(tenant) { db in
                try db.execute(
                    """
                    INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit)
                    SELECT e.id, n, a.id, CASE n WHEN 1 THEN 10 ELSE 0 END, CASE n WHEN 2 THEN 10 ELSE 0 END
                    FROM (SELECT gen_random_uuid() AS id) e, generate_series(1, 2) n,
                         (SELECT id FROM accounts WHERE role = 'bank') a
                    """)
            })
        XCTAssertEqual((error as? PostgresError)?.sqlState, .foreignKeyViolation, "\(String(describing: error))")
        XCTAssertEqual((error as? PostgresError)?.constraintName, "journal_lines_entry_id_fkey")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM journal_lines"), 0)
    }

    func testABatchOfEntriesAndLinesInOneStatementIsCheckedWhole() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-05"))
        // Two entries and their lines in one statement, as the batch writes them: the balanced pair goes in...
        let batch = { (secondCredit: String) in
            """
            WITH entries AS (
                INSERT INTO journal_entries (id, entry_date, currency, source_type)
                SELECT id, '2026-01-31', 'EUR', 'manual'
                FROM unnest('{00000000-0000-7000-8000-000000000001,00000000-0000-7000-8000-000000000002}'::uuid[]) id
            )
            INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit)
            SELECT l.entry_id, l.line_no, a.id, l.debit, l.credit
            FROM unnest('{00000000-0000-7000-8000-000000000001,00000000-0000-7000-8000-000000000001,
                          00000000-0000-7000-8000-000000000002,00000000-0000-7000-8000-000000000002}'::uuid[],
                        '{1,2,1,2}'::int[], '{10,0,5,0}'::numeric[], '{0,10,0,\(secondCredit)}'::numeric[])
                 AS l(entry_id, line_no, debit, credit),
                 (SELECT id FROM accounts WHERE role = 'bank') a
            """
        }
        // ...an unbalanced one anywhere in the statement refuses the whole statement.
        let error = thrownError(try fixture.store.database.transaction(tenant) { db in _ = try db.execute(batch("4")) })
        XCTAssertEqual((error as? PostgresError)?.constraintName, "journal_entry_balanced")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM journal_entries"), 0)
        try fixture.store.database.transaction(tenant) { db in _ = try db.execute(batch("5")) }
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM journal_lines"), 4)
        try fixture.assertInvariants(tenant)
    }
}
