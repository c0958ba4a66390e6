import Domain
import EOD
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// The references checked once per statement (sql/tenant/0009, 0013) refuse exactly what the foreign keys they replace
/// refused, under the same constraint names, and lock their parents as a foreign key does.
final class StatementReferenceTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A tenant with one posted recurring invoice and one draft invoice with a product line.
    private func tenantWithDocuments() throws -> TenantContext {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-05"))
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-31"), requestedBy: .command)
        try fixture.store.database.transaction(tenant) { db in
            let build = InvoicingBuilder(db: db)
            let item = try build.item("HOSTING", price: "10.00", taxRate: "20")
            _ = try build.draft(for: try build.customer("Globex"), lines: [InvoiceLineDraft(itemID: item.id, quantity: 1)])
        }
        return tenant
    }

    /// The error `sql` raises in its own transaction of `tenant`, if any.
    private func refusal(_ tenant: TenantContext, _ sql: String) -> PostgresError? {
        thrownError(try fixture.store.database.transaction(tenant) { db in _ = try db.execute(sql) }) as? PostgresError
    }

    /// Runs `sql` in its own transaction of `tenant`, failing the test if it throws.
    private func accept(_ tenant: TenantContext, _ sql: String, line: UInt = #line) {
        XCTAssertNoThrow(try fixture.store.database.transaction(tenant) { db in _ = try db.execute(sql) }, line: line)
    }

    func testEveryReplacedKeyRefusesAMissingParentUnderItsOwnName() throws {
        let tenant = try tenantWithDocuments()
        let draft = "(SELECT id FROM invoices WHERE status = 'draft')"
        let cases: [(constraint: String, sql: String)] = [
            ("journal_entries_reverses_entry_id_fkey",
             """
             INSERT INTO journal_entries (entry_date, currency, memo, source_type, reverses_entry_id)
             VALUES ('2026-01-31', 'EUR', 'reversal of nothing', 'manual', gen_random_uuid())
             """),
            ("journal_lines_entry_id_fkey",
             """
             INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit)
             SELECT gen_random_uuid(), n, a.id, CASE n WHEN 1 THEN 1 ELSE 0 END, CASE n WHEN 2 THEN 1 ELSE 0 END
             FROM generate_series(1, 2) n, (SELECT id FROM accounts WHERE role = 'bank') a
             """),
            ("journal_lines_account_id_fkey",
             """
             INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit)
             SELECT id, 9, gen_random_uuid(), 1, 0 FROM journal_entries LIMIT 1
             """),
            ("journal_lines_party_fkey",
             """
             INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id)
             SELECT e.id, 9, a.id, 1, 0, gen_random_uuid()
             FROM (SELECT id FROM journal_entries LIMIT 1) e, (SELECT id FROM accounts WHERE role = 'bank') a
             """),
            ("invoices_party_id_fkey", "UPDATE invoices SET party_id = gen_random_uuid() WHERE id = \(draft)"),
            ("invoices_recurring_setup_id_fkey",
             "UPDATE invoices SET recurring_setup_id = gen_random_uuid() WHERE id = \(draft)"),
            ("invoices_sales_order_id_fkey", "UPDATE invoices SET sales_order_id = gen_random_uuid() WHERE id = \(draft)"),
            ("invoices_issue_entry_id_fkey", "UPDATE invoices SET issue_entry_id = gen_random_uuid() WHERE id = \(draft)"),
            ("invoices_party_id_fkey",
             """
             INSERT INTO invoices
             SELECT (jsonb_populate_record(i, jsonb_build_object('id', gen_random_uuid(), 'party_id', gen_random_uuid()))).*
             FROM invoices i WHERE id = \(draft)
             """),
            ("invoice_lines_invoice_id_fkey",
             """
             INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, income_account_id,
                                        gross_amount, discount_amount, net_amount, tax_amount)
             SELECT gen_random_uuid(), 1, 'orphan', 1, 0, id, 0, 0, 0, 0 FROM accounts WHERE role = 'salesIncome'
             """),
            ("invoice_lines_item_id_fkey", "UPDATE invoice_lines SET item_id = gen_random_uuid() WHERE invoice_id = \(draft)"),
            ("invoice_lines_income_account_id_fkey",
             """
             INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, income_account_id,
                                        gross_amount, discount_amount, net_amount, tax_amount)
             VALUES (\(draft), 9, 'extra', 1, 0, gen_random_uuid(), 0, 0, 0, 0)
             """),
        ]
        for (constraint, sql) in cases {
            let error = refusal(tenant, sql)
            XCTAssertEqual(error?.sqlState, .foreignKeyViolation, "\(constraint): \(String(describing: error))")
            XCTAssertEqual(error?.constraintName, constraint, "\(String(describing: error))")
        }
        // Nothing of it stayed; the same statements with real parents pass.
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 2)
        accept(tenant, "UPDATE invoices SET party_id = party_id WHERE id = \(draft)")
        accept(
            tenant,
            """
            UPDATE invoices SET party_id = (SELECT party_id FROM invoices WHERE status <> 'draft')
            WHERE id = \(draft)
            """)
        try fixture.assertInvariants(tenant)
    }

    /// The insert triggers check their references inline (0016) and call the helpers only to report: every key of an
    /// inserted invoice or invoice line is refused under its own name, the first failing key in the helpers' order
    /// is the one named, and a statement whose keys all exist passes.
    func testInsertedRowsNameTheirFirstMissingKey() throws {
        let tenant = try tenantWithDocuments()
        let draft = "(SELECT id FROM invoices WHERE status = 'draft')"
        func copyOfDraft(_ fields: String) -> String {
            """
            INSERT INTO invoices
            SELECT (jsonb_populate_record(i, jsonb_build_object('id', gen_random_uuid(), \(fields)))).*
            FROM invoices i WHERE id = \(draft)
            """
        }
        let cases: [(constraint: String, sql: String)] = [
            ("invoices_recurring_setup_id_fkey", copyOfDraft("'recurring_setup_id', gen_random_uuid()")),
            ("invoices_sales_order_id_fkey", copyOfDraft("'sales_order_id', gen_random_uuid()")),
            ("invoices_issue_entry_id_fkey", copyOfDraft("'issue_entry_id', gen_random_uuid()")),
            ("invoices_void_entry_id_fkey", copyOfDraft("'void_entry_id', gen_random_uuid()")),
            ("invoices_party_id_fkey",
             copyOfDraft("'party_id', gen_random_uuid(), 'recurring_setup_id', gen_random_uuid(), 'void_entry_id', gen_random_uuid()")),
            ("invoices_sales_order_id_fkey",
             copyOfDraft("'sales_order_id', gen_random_uuid(), 'void_entry_id', gen_random_uuid()")),
            ("invoice_lines_item_id_fkey",
             """
             INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, income_account_id,
                                        gross_amount, discount_amount, net_amount, tax_amount, item_id)
             SELECT \(draft), 9, 'extra', 1, 0, income_account_id, 0, 0, 0, 0, gen_random_uuid()
             FROM invoice_lines WHERE invoice_id = \(draft)
             """),
            ("invoice_lines_invoice_id_fkey",
             """
             INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, income_account_id,
                                        gross_amount, discount_amount, net_amount, tax_amount, item_id)
             SELECT gen_random_uuid(), 1, 'orphan', 1, 0, gen_random_uuid(), 0, 0, 0, 0, gen_random_uuid()
             """),
        ]
        for (constraint, sql) in cases {
            let error = refusal(tenant, sql)
            XCTAssertEqual(error?.sqlState, .foreignKeyViolation, "\(constraint): \(String(describing: error))")
            XCTAssertEqual(error?.constraintName, constraint, "\(String(describing: error))")
        }
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 2)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoice_lines WHERE invoice_id = \(draft)"), 1)
        // With every key real, both inserts pass: a line naming the draft's item and account, then a copy of the
        // draft naming the posted invoice's setup and (as its void entry) its entry.
        accept(
            tenant,
            """
            INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, income_account_id,
                                       gross_amount, discount_amount, net_amount, tax_amount, item_id)
            SELECT invoice_id, 9, 'extra', 1, 0, income_account_id, 0, 0, 0, 0, item_id
            FROM invoice_lines WHERE invoice_id = \(draft)
            """)
        accept(
            tenant,
            copyOfDraft(
                """
                'recurring_setup_id', (SELECT recurring_setup_id FROM invoices WHERE status <> 'draft'),
                'void_entry_id', (SELECT issue_entry_id FROM invoices WHERE status <> 'draft')
                """))
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 3)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoice_lines WHERE item_id IS NOT NULL"), 2)
    }

    func testReferencedParentsCannotBeDeletedNorTheirIdsChanged() throws {
        let tenant = try tenantWithDocuments()
        let deletes = [
            "DELETE FROM parties WHERE id IN (SELECT party_id FROM invoices WHERE status <> 'draft')",
            "DELETE FROM items",
            "DELETE FROM recurring_invoice_setups",
            "DELETE FROM accounts WHERE role = 'salesIncome'",
        ]
        for sql in deletes {
            let error = refusal(tenant, sql)
            XCTAssertTrue(
                error?.sqlState == .foreignKeyViolation || error?.constraintName == "invoices_issued_immutable"
                    || error?.constraintName == "accounts_system",
                "\(sql): \(String(describing: error))")
        }
        for table in ["parties", "accounts", "items", "recurring_invoice_setups", "invoices"] {
            let error = refusal(tenant, "UPDATE \(table) SET id = gen_random_uuid()")
            XCTAssertEqual(error?.constraintName, "\(table)_id_fixed", "\(table): \(String(describing: error))")
        }
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM recurring_invoice_setups"), 1)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM items"), 1)

        // What nothing references still goes, and a draft takes its lines with it.
        accept(tenant, "DELETE FROM invoices WHERE status = 'draft'")
        XCTAssertEqual(
            try fixture.count(tenant, "SELECT count(*) AS n FROM invoice_lines WHERE invoice_id NOT IN (SELECT id FROM invoices)"),
            0, "the draft's lines went with it")
        accept(tenant, "DELETE FROM items")
    }

    func testAChildBeingWrittenHoldsItsParentUntilCommitAsAForeignKeyDoes() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-05"))
        let account = try fixture.store.database.transaction(tenant) { db in
            try AccountRepository(db).create(AccountDraft(code: "4900", name: "Other income", type: .income)).id
        }
        let whileOpen = try fixture.store.database.transaction(tenant) { db -> PostgresError? in
            let bank = try AccountRepository(db).account(role: .bank).id
            _ = try JournalRepository(db).post(
                JournalEntryDraft(
                    date: date("2026-01-05"), currency: .eur, memo: "other income",
                    lines: [
                        JournalLineDraft(accountID: bank, side: .debit, amount: 5),
                        JournalLineDraft(accountID: account, side: .credit, amount: 5),
                    ]))
            // Another transaction cannot delete the account while this one, which uses it, is open.
            return thrownError(
                try fixture.store.database.transaction(tenant) { other in
                    try other.simpleQuery("SET LOCAL lock_timeout = '300ms'")
                    _ = try other.execute("DELETE FROM accounts WHERE id = $1", [account])
                }) as? PostgresError
        }
        XCTAssertEqual(whileOpen?.sqlState?.rawValue, "55P03", "the delete waits on the lock: \(String(describing: whileOpen))")
        // Once it committed, the delete sees the posting.
        let afterCommit = refusal(tenant, "DELETE FROM accounts WHERE code = '4900'")
        XCTAssertEqual(afterCommit?.constraintName, "journal_lines_account_id_fkey")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM accounts WHERE code = '4900'"), 1)
    }
}
