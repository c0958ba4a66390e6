import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// The whole path, each step in its own transaction as the API would run it: accounts → party → item →
/// recurring setup → preview → manual invoice → issue → payments → paid, with the ledger balanced after each.
final class InvoicingFullPathTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() { fixture?.drop() }

    func testFromChartToPaidInvoice() throws {
        let today = CalendarDate(year: 2026, month: 5, day: 4)!
        let consulting = try fixture.transaction {
            try AccountRepository($0).create(AccountDraft(code: "4100", name: "Consulting income", type: .income))
        }
        let party = try fixture.transaction {
            try PartyRepository($0).create(
                PartyDraft(kind: .customer, name: "Initech", email: "ap@initech.test", paymentTermsDays: 30), defaultCurrency: .eur)
        }
        let item = try fixture.transaction {
            try ItemRepository($0).create(
                ItemDraft(
                    code: "CONSULT-DAY", name: "Consulting day", unitPrice: ExactDecimal("850.00")!, incomeAccountID: consulting.id,
                    taxRate: 19),
                defaultCurrency: .eur)
        }
        let setup = try fixture.transaction {
            try RecurringInvoiceSetupRepository($0).create(
                RecurringInvoiceSetupDraft(
                    partyID: party.id, content: .products([RecurringInvoiceLine(itemID: item.id, quantity: 2)]),
                    discount: .amount(100), statementReference: "Retainer {RIMonth} {RIYear}",
                    schedule: try Schedule.decode(json: #"{"kind":"monthly","byMonthDay":-1,"start":"2026-05-01","count":6}"#)))
        }
        let preview = try fixture.transaction {
            try RecurringInvoiceSetupRepository($0).preview(setup.id, count: 2, context: .calendarYear)
        }
        XCTAssertEqual(preview.map(\.documentDate.description), ["2026-05-31", "2026-06-30"])
        XCTAssertEqual(preview.map(\.reference), ["Retainer MAY 2026", "Retainer JUN 2026"])
        // 2 × 850 = 1700 − 100 = 1600 + 19 % = 304 → 1904.
        XCTAssertEqual(preview.first?.amounts?.total.description, "1904.00")
        fixture.assertLedgerBalances()

        let draft = try fixture.transaction {
            try InvoiceRepository($0).createDraft(
                InvoiceDraft(
                    partyID: party.id, statementReference: "Workshop",
                    lines: [
                        InvoiceLineDraft(itemID: item.id, quantity: ExactDecimal("1.5")!),
                        InvoiceLineDraft(description: "Travel", quantity: 1, unitPrice: ExactDecimal("123.45")!, taxRate: 0),
                    ]))
        }
        // 1.5 × 850 = 1275.00, tax 242.25; travel 123.45 (sales income, no tax) → 1640.70.
        XCTAssertEqual(draft.total.description, "1640.7000")
        let invoice = try fixture.transaction { try InvoiceRepository($0).issue(draft.id, today: today) }
        XCTAssertEqual(invoice.number, "INV-2026-000001")
        XCTAssertEqual(invoice.dueDate, today.adding(days: 30))
        XCTAssertFalse(invoice.isOverdue(today: today.adding(days: 30)))
        XCTAssertTrue(invoice.isOverdue(today: today.adding(days: 31)))
        fixture.assertLedgerBalances()

        let posted = try fixture.transaction { db in
            try JournalRepository(db).get(try XCTUnwrap(invoice.issueEntryID))
        }
        let salesIncome = try fixture.transaction { try AccountRepository($0).account(role: .salesIncome).id }
        let taxPayable = try fixture.transaction { try AccountRepository($0).account(role: .taxPayable).id }
        XCTAssertEqual(posted.lines.map(\.accountID), [party.controlAccountID, consulting.id, salesIncome, taxPayable])
        XCTAssertEqual(posted.lines.map(\.amount.description), ["1640.7000", "1275.0000", "123.4500", "242.2500"])

        _ = try fixture.transaction {
            try PaymentRepository($0).record(
                PaymentDraft(
                    partyID: party.id, date: today.adding(days: 10), amount: 1000, method: .bankTransfer, reference: "SEPA 1",
                    allocations: [PaymentAllocationDraft(invoiceID: invoice.id, amount: 1000)]))
        }
        XCTAssertEqual(try fixture.transaction { try InvoiceRepository($0).get(invoice.id).status }, .partiallyPaid)
        fixture.assertLedgerBalances()

        let overpay = thrownError(
            try fixture.transaction {
                try PaymentRepository($0).record(
                    PaymentDraft(
                        partyID: party.id, date: today.adding(days: 20), amount: 700, method: .card,
                        allocations: [PaymentAllocationDraft(invoiceID: invoice.id, amount: 700)]))
            })
        XCTAssertEqual(ledgerError(overpay)?.violations.map(\.pointer), ["/allocations/0/amount"])

        _ = try fixture.transaction {
            try PaymentRepository($0).record(
                PaymentDraft(
                    partyID: party.id, date: today.adding(days: 20), amount: ExactDecimal("640.70")!, method: .card,
                    allocations: [PaymentAllocationDraft(invoiceID: invoice.id, amount: ExactDecimal("640.70")!)]))
        }
        let paid = try fixture.transaction { try InvoiceRepository($0).get(invoice.id) }
        XCTAssertEqual(paid.status, .paid)
        XCTAssertFalse(paid.isOverdue(today: today.adding(days: 400)))
        fixture.assertLedgerBalances()

        try fixture.transaction { db in
            let balances = Dictionary(uniqueKeysWithValues: try JournalRepository(db).balances().map { ($0.accountID, $0.net.description) })
            XCTAssertEqual(balances[party.controlAccountID], "0.0000")
            XCTAssertEqual(balances[try AccountRepository(db).account(role: .bank).id], "1640.7000")
            XCTAssertEqual(balances[consulting.id], "-1275.0000")
            let totals = try JournalRepository(db).totals()
            XCTAssertEqual(totals.debit, totals.credit)
        }
    }
}
