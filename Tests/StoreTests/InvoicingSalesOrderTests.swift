import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Sales orders: confirming ("won") issues the invoice, creates the follow-up task and auto-triggered recurring
/// setups, all in one transaction or none.
final class InvoicingSalesOrderTests: XCTestCase {
    private var fixture: TenantSchemaFixture!
    private let saleDate = CalendarDate(year: 2026, month: 4, day: 15)!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    /// A customer, a plain item, an item with an auto-triggered template and one with a manual template, and an
    /// open order for all three.
    private func openOrder(_ db: PostgresConnection) throws -> (SalesOrder, auto: Item, manual: Item) {
        let build = InvoicingBuilder(db: db)
        let party = try build.customer(terms: 14)
        let schedule = try Schedule.decode(json: #"{"kind":"monthly","start":"2000-01-01","count":12}"#)
        let auto = try build.item(
            "SUPPORT", price: "30.00",
            template: ItemRecurringTemplate(schedule: schedule, statementReference: "Support {RIMonth} {RIYear}", autoTrigger: true))
        let manual = try build.item(
            "NEWSLETTER", price: "5.00",
            template: ItemRecurringTemplate(schedule: schedule, statementReference: "Newsletter {RIMonth}", autoTrigger: false))
        let plain = try build.item("SETUP", price: "200.00", taxRate: "20")
        let order = try SalesOrderRepository(db).create(
            SalesOrderDraft(
                partyID: party.id, orderDate: saleDate.adding(days: -3), reference: "SO-42",
                lines: [
                    SalesOrderLineDraft(itemID: plain.id),
                    SalesOrderLineDraft(itemID: auto.id, quantity: 2),
                    SalesOrderLineDraft(itemID: manual.id),
                ]))
        return (order, auto, manual)
    }

    private func counts() throws -> [Int] {
        try ["invoices", "journal_entries", "tasks", "recurring_invoice_setups", "sales_orders WHERE status = 'won'"].map {
            try fixture.count("SELECT count(*) FROM \($0)")
        } + [try fixture.count("SELECT next_value FROM invoice_numbering")]
    }

    func testCreateFillsLinesFromItems() throws {
        try fixture.transaction { db in
            let (order, auto, _) = try openOrder(db)
            XCTAssertEqual(order.status, .open)
            XCTAssertEqual(order.lines.map(\.unitPrice.description), ["200.0000", "30.0000", "5.0000"])
            XCTAssertEqual(order.lines.map(\.taxRate?.description), ["20.0000", nil, nil])
            XCTAssertEqual(order.lines[1].itemID, auto.id)
            XCTAssertEqual(order.paymentTermsDays, 14)
        }
    }

    func testConfirmIssuesInvoiceCreatesTaskAndAutoTriggeredSetups() throws {
        try fixture.transaction { db in
            let (order, auto, _) = try openOrder(db)
            let confirmation = try SalesOrderRepository(db).confirm(order.id, on: saleDate)
            XCTAssertEqual(confirmation.order.status, .won)
            XCTAssertEqual(confirmation.order.confirmedOn, saleDate)

            let invoice = confirmation.invoice
            XCTAssertEqual(invoice.status, .issued)
            XCTAssertEqual(invoice.salesOrderID, order.id)
            XCTAssertEqual(invoice.invoiceDate, saleDate)
            XCTAssertEqual(invoice.dueDate, saleDate.adding(days: 14))
            XCTAssertEqual(invoice.statementReference, "Sales order SO-42")
            // 200 + 20 % tax + 2 × 30 + 5 = 305.
            XCTAssertEqual(invoice.total.description, "305.0000")

            XCTAssertEqual(confirmation.task.title, "Follow up on sales order SO-42")
            XCTAssertEqual(confirmation.task.dueDate, saleDate.adding(days: 7))
            XCTAssertEqual(confirmation.task.salesOrderID, order.id)
            XCTAssertEqual(try SalesOrderRepository(db).tasks(ofOrder: order.id), [confirmation.task])

            // Only the auto-triggered template made a setup, linked to the buyer and the sale, started on the sale date.
            XCTAssertEqual(confirmation.setups.count, 1)
            let setup = try XCTUnwrap(confirmation.setups.first)
            XCTAssertEqual(setup.itemID, auto.id)
            XCTAssertEqual(setup.partyID, order.partyID)
            XCTAssertEqual(setup.salesOrderID, order.id)
            XCTAssertEqual(setup.recurring.schedule.start, saleDate)
            XCTAssertEqual(setup.statementReference, "Support {RIMonth} {RIYear}")
            guard case .products(let lines) = setup.content else { return XCTFail("expected products") }
            XCTAssertEqual(lines.map(\.quantity), [2])
            // Issue 24, finding 1: the sale's invoice bills the first period (April); the setup starts with May.
            XCTAssertEqual(setup.recurring.skipThrough, saleDate)
            let preview = try RecurringInvoiceSetupRepository(db).preview(setup.id, count: 1, context: .calendarYear)
            XCTAssertEqual(preview.first?.reference, "Support MAY 2026")
            XCTAssertEqual(preview.first?.amounts?.total.description, "60.00")

            XCTAssertTrue(isConflict(thrownError(try SalesOrderRepository(db).confirm(order.id, on: saleDate))))
        }
    }

    func testAFailureAnywhereInConfirmLeavesNothingBehind() throws {
        let order = try fixture.transaction { try openOrder($0).0 }
        let before = try counts()
        // Inject a failure into each late step in turn: the task, then the setup.
        for table in ["tasks", "recurring_invoice_setups"] {
            try fixture.transaction { db in
                try db.simpleQuery(
                    """
                    CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'injected failure'; END $$;
                    CREATE TRIGGER injected_failure BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION injected_failure();
                    """)
            }
            let error = thrownError(try fixture.transaction { db in try SalesOrderRepository(db).confirm(order.id, on: saleDate) })
            XCTAssertEqual((error as? PostgresError)?.sqlState, .raiseException, table)
            XCTAssertEqual(try counts(), before, table)
            XCTAssertEqual(try fixture.transaction { try SalesOrderRepository($0).get(order.id).status }, .open)
            try fixture.transaction { db in
                try db.simpleQuery("DROP TRIGGER injected_failure ON \(table); DROP FUNCTION injected_failure()")
            }
        }
        // With the failure gone the same order confirms, taking number 1: the failures burnt no number.
        let confirmation = try fixture.transaction { try SalesOrderRepository($0).confirm(order.id, on: saleDate) }
        XCTAssertEqual(confirmation.invoice.sequenceNumber, 1)
    }

    func testAFailedConfirmInsideALongerTransactionRollsBackOnlyItself() throws {
        try fixture.transaction { db in
            let (order, _, _) = try openOrder(db)
            let error = thrownError(
                try SalesOrderRepository(db).confirm(order.id, on: saleDate, followUp: FollowUpTaskDraft(title: " ", dueDate: nil)))
            XCTAssertEqual(ledgerError(error)?.violations.map(\.pointer), ["/followUp/title"])
            XCTAssertEqual(try SalesOrderRepository(db).get(order.id).status, .open)
            let confirmation = try SalesOrderRepository(db).confirm(
                order.id, on: saleDate, followUp: FollowUpTaskDraft(title: "Call Acme", dueDate: saleDate))
            XCTAssertEqual(confirmation.task.title, "Call Acme")
        }
    }

    func testLostAndCancelledOrdersCannotBeConfirmed() throws {
        try fixture.transaction { db in
            let (order, _, _) = try openOrder(db)
            let lost = try SalesOrderRepository(db).close(order.id, as: .lost)
            XCTAssertEqual(lost.status, .lost)
            XCTAssertTrue(isConflict(thrownError(try SalesOrderRepository(db).confirm(order.id, on: saleDate))))
            XCTAssertTrue(isConflict(thrownError(try SalesOrderRepository(db).close(order.id, as: .cancelled))))
        }
    }

    func testRecurringSalesOrderKeepsItsSchedule() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let item = try build.item()
            let schedule = try Schedule.decode(json: #"{"kind":"weekly","start":"2026-01-05","count":10}"#)
            let template = try RecurringSalesOrderRepository(db).create(
                RecurringSalesOrderDraft(partyID: party.id, lines: [SalesOrderLineDraft(itemID: item.id)], schedule: schedule))
            XCTAssertEqual(template.recurring.schedule, schedule)
            XCTAssertEqual(template.recurring.state, .active)
            XCTAssertNil(template.recurring.lastPostedIndex)
            XCTAssertEqual(template.lines.map(\.unitPrice.description), ["100.0000"])
            XCTAssertEqual(try RecurringSalesOrderRepository(db).list(partyID: party.id).items.map(\.id), [template.id])
            let order = try SalesOrderRepository(db).create(
                SalesOrderDraft(partyID: party.id, orderDate: saleDate, lines: [SalesOrderLineDraft(itemID: item.id)]))
            XCTAssertNil(order.recurringSalesOrderID)
            XCTAssertEqual(try SalesOrderRepository(db).list(partyID: party.id).items.map(\.id), [order.id])
        }
    }

    func testOrderValidationNamesFields() throws {
        try fixture.transaction { db in
            let party = try InvoicingBuilder(db: db).customer()
            let error = thrownError(
                try SalesOrderRepository(db).create(
                    SalesOrderDraft(partyID: party.id, orderDate: saleDate, lines: [SalesOrderLineDraft(itemID: UUID(), quantity: -1)])))
            XCTAssertEqual(ledgerError(error)?.violations.map(\.pointer), ["/lines/0/itemId", "/lines/0/quantity"])
        }
    }
}
