import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Recurring invoice setups: by amount or by products, preview (a dry run), posting occurrences exactly once.
final class InvoicingRecurringSetupTests: XCTestCase {
    private var fixture: TenantSchemaFixture!
    private let context = ScheduleContext.calendarYear

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    /// MixERP's example: every 45 days from 2016-01-01 for 365 days.
    private let mixerp = #"{"kind":"mixerp_duration","everyDays":45,"start":"2016-01-01","totalDurationDays":365}"#

    private func schedule(_ json: String) throws -> Schedule { try Schedule.decode(json: json) }

    private func amountSetup(_ db: PostgresConnection, party: Party, amount: String = "49.90", schedule json: String? = nil) throws
        -> RecurringInvoiceSetup
    {
        try RecurringInvoiceSetupRepository(db).create(
            RecurringInvoiceSetupDraft(
                partyID: party.id, content: .amount(ExactDecimal(amount)!, description: "Maintenance contract"),
                statementReference: "Invoice for the month {RIMonth}-{RIYear}.", schedule: try schedule(json ?? mixerp)))
    }

    private func counts() throws -> [Int] {
        try ["invoices", "invoice_lines", "journal_entries", "journal_lines", "invoices WHERE occurrence_date IS NOT NULL"]
            .map { try fixture.count("SELECT count(*) FROM \($0)") }
            + [try fixture.count("SELECT next_value FROM invoice_numbering")]
    }

    func testPreviewShowsTheNextPostingsAndWritesNothing() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer(terms: 10)
            let setup = try amountSetup(db, party: party)
            XCTAssertEqual(setup.content, .amount(ExactDecimal("49.90")!, description: "Maintenance contract"))
            XCTAssertEqual(setup.incomeAccountID, try build.account(.salesIncome))
            XCTAssertEqual(setup.paymentTermsDays, 10)
            let before = try counts()
            let previews = try RecurringInvoiceSetupRepository(db).preview(setup.id, count: 3, context: context)
            XCTAssertEqual(previews.map(\.documentDate.description), ["2016-02-15", "2016-03-31", "2016-05-15"])
            XCTAssertEqual(previews.map { $0.documentDueDate?.description }, ["2016-02-25", "2016-04-10", "2016-05-25"])
            XCTAssertEqual(
                previews.map(\.reference),
                ["Invoice for the month FEB-2016.", "Invoice for the month MAR-2016.", "Invoice for the month MAY-2016."])
            XCTAssertEqual(previews.map { $0.amounts?.total.description }, ["49.90", "49.90", "49.90"])
            XCTAssertEqual(try counts(), before)
            // The whole term has eight postings (the seed's list).
            XCTAssertEqual(try RecurringInvoiceSetupRepository(db).preview(setup.id, count: 100, context: context).count, 8)
        }
    }

    func testPreviewOfAnUnsavedDraft() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer(terms: 0)
            let item = try build.item(price: "10.00", taxRate: "20")
            let previews = try RecurringInvoiceSetupRepository(db).preview(
                RecurringInvoiceSetupDraft(
                    partyID: party.id, content: .products([RecurringInvoiceLine(itemID: item.id, quantity: 3)]),
                    discount: .percent(10), statementReference: "{RIQuarter} {RIYear}",
                    schedule: try schedule(#"{"kind":"quarterly","start":"2026-01-31"}"#)),
                count: 2, context: context)
            XCTAssertEqual(previews.map(\.documentDate.description), ["2026-01-31", "2026-04-30"])
            XCTAssertEqual(previews.map(\.reference), ["Q1 2026", "Q2 2026"])
            // 3 × 10 = 30, −10 % = 27, +20 % tax = 5.40 → 32.40.
            XCTAssertEqual(previews.first?.amounts?.total.description, "32.40")
            XCTAssertEqual(try fixture.count("SELECT count(*) FROM recurring_invoice_setups"), 0)
        }
    }

    func testValidationNamesFields() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let repository = RecurringInvoiceSetupRepository(db)
            let badReference = thrownError(
                try repository.create(
                    RecurringInvoiceSetupDraft(
                        partyID: party.id, content: .amount(ExactDecimal("1.001")!, description: ""),
                        paymentTermsDays: -1, statementReference: "For {RIWeek}", schedule: try schedule(mixerp))))
            XCTAssertEqual(
                ledgerError(badReference)?.violations.map(\.pointer),
                ["/paymentTermsDays", "/statementReference", "/amount", "/description"])
            let noLines = thrownError(
                try repository.create(
                    RecurringInvoiceSetupDraft(
                        partyID: party.id, content: .products([]), statementReference: "x", schedule: try schedule(mixerp))))
            XCTAssertEqual(ledgerError(noLines)?.violations.map(\.pointer), ["/lines"])
            let noParty = thrownError(
                try repository.create(
                    RecurringInvoiceSetupDraft(
                        partyID: UUID(), content: .amount(1, description: "x"), statementReference: "x", schedule: try schedule(mixerp))))
            XCTAssertEqual(ledgerError(noParty)?.violations.map(\.pointer), ["/partyId"])
        }
    }

    func testPostOccurrenceIssuesPostsRecordsAndMovesTheCursor() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer(terms: 10)
            let setup = try amountSetup(db, party: party)
            let occurrence = try XCTUnwrap(setup.recurring.upcomingOccurrences(context: context).first)
            let posted = try RecurringInvoiceSetupRepository(db).postOccurrence(
                setupID: setup.id, occurrence: occurrence, context: context)
            let invoice = posted.invoice
            XCTAssertEqual(invoice.status, .issued)
            XCTAssertEqual(invoice.number, "INV-2016-000001")
            XCTAssertEqual(invoice.recurringSetupID, setup.id)
            XCTAssertEqual(invoice.invoiceDate?.description, "2016-02-15")
            XCTAssertEqual(invoice.dueDate?.description, "2016-02-25")
            XCTAssertEqual(invoice.statementReference, "Invoice for the month FEB-2016.")
            XCTAssertEqual(invoice.total.description, "49.9000")
            let entry = try JournalRepository(db).get(try XCTUnwrap(invoice.issueEntryID))
            XCTAssertEqual(entry.lines.map(\.accountID), [party.controlAccountID, try build.account(.salesIncome)])
            XCTAssertEqual(entry.lines.map(\.side), [.debit, .credit])

            let after = try RecurringInvoiceSetupRepository(db).get(setup.id)
            XCTAssertEqual(after.recurring.lastPostedIndex, 0)
            XCTAssertEqual(after.recurring.lastPostedDate?.description, "2016-02-15")
            XCTAssertEqual(after.recurring.upcomingOccurrences(context: context).first?.index, 1)
            XCTAssertEqual(
                try fixture.count("SELECT count(*) FROM invoices WHERE recurring_setup_id IS NOT NULL AND occurrence_index = 0"),
                1)
        }
    }

    func testPostingTheSameOccurrenceTwiceIsRefusedAndWritesNothing() throws {
        let (setup, occurrence) = try fixture.transaction { db in
            let setup = try amountSetup(db, party: try InvoicingBuilder(db: db).customer())
            let occurrence = try XCTUnwrap(setup.recurring.upcomingOccurrences(context: context).first)
            _ = try RecurringInvoiceSetupRepository(db).postOccurrence(setupID: setup.id, occurrence: occurrence, context: context)
            return (setup, occurrence)
        }
        let before = try counts()
        let error = thrownError(
            try fixture.transaction { db in
                try RecurringInvoiceSetupRepository(db).postOccurrence(setupID: setup.id, occurrence: occurrence, context: context)
            })
        XCTAssertTrue(isConflict(error), "\(String(describing: error))")
        XCTAssertEqual(try counts(), before)
        // Inside a longer transaction the refusal rolls back only its own savepoint: the caller goes on.
        try fixture.transaction { db in
            let repository = RecurringInvoiceSetupRepository(db)
            XCTAssertTrue(isConflict(thrownError(try repository.postOccurrence(setupID: setup.id, occurrence: occurrence, context: context))))
            let next = try XCTUnwrap(try repository.get(setup.id).recurring.upcomingOccurrences(context: context).first)
            XCTAssertEqual(try repository.postOccurrence(setupID: setup.id, occurrence: next, context: context).invoice.sequenceNumber, 2)
        }
    }

    func testTheDatabaseItselfRefusesASecondPostingOfAnOccurrence() throws {
        let invoice = try fixture.transaction { db in
            let setup = try amountSetup(db, party: try InvoicingBuilder(db: db).customer())
            let occurrence = try XCTUnwrap(setup.recurring.upcomingOccurrences(context: context).first)
            return try RecurringInvoiceSetupRepository(db).postOccurrence(setupID: setup.id, occurrence: occurrence, context: context).invoice
        }
        let error = thrownError(
            try fixture.transaction { db in
                try db.execute(
                    """
                    INSERT INTO invoices (party_id, currency, invoice_date, due_date, payment_terms_days, subtotal,
                                          discount_total, tax_total, total, recurring_setup_id, occurrence_date,
                                          occurrence_index, occurrence_due_date, period_start, period_end)
                    SELECT party_id, currency, invoice_date, due_date, payment_terms_days, subtotal, discount_total,
                           tax_total, total, recurring_setup_id, occurrence_date, occurrence_index + 100,
                           occurrence_due_date, period_start, period_end
                    FROM invoices WHERE id = $1
                    """, [invoice.id])
            })
        XCTAssertEqual((error as? PostgresError)?.sqlState, .uniqueViolation)
        XCTAssertEqual((error as? PostgresError)?.constraintName, "invoices_recurring_occurrence")
    }

    func testAnIssuedInvoiceKeepsItsOccurrence() throws {
        let invoice = try fixture.transaction { db in
            let setup = try amountSetup(db, party: try InvoicingBuilder(db: db).customer())
            let occurrence = try XCTUnwrap(setup.recurring.upcomingOccurrences(context: context).first)
            return try RecurringInvoiceSetupRepository(db).postOccurrence(setupID: setup.id, occurrence: occurrence, context: context).invoice
        }
        for change in ["occurrence_date = occurrence_date + 1", "occurrence_index = occurrence_index + 1",
                       "period_end = period_end + 1", "occurrence_date = NULL"] {
            let error = thrownError(
                try fixture.transaction { db in try db.execute("UPDATE invoices SET \(change) WHERE id = $1", [invoice.id]) })
            XCTAssertEqual((error as? PostgresError)?.sqlState?.rawValue, "23001", change)  // restrict_violation
            XCTAssertEqual((error as? PostgresError)?.constraintName, "invoices_issued_immutable", change)
        }
        XCTAssertEqual(
            try fixture.count("SELECT count(*) FROM invoices WHERE occurrence_index = 0 AND period_start IS NOT NULL"), 1)
    }

    func testAnOccurrenceOfAnotherScheduleIsRefused() throws {
        try fixture.transaction { db in
            let setup = try amountSetup(db, party: try InvoicingBuilder(db: db).customer())
            let foreign = try XCTUnwrap(try schedule(#"{"kind":"daily","start":"2016-01-01"}"#).occurrences(context: context).first)
            let error = thrownError(
                try RecurringInvoiceSetupRepository(db).postOccurrence(setupID: setup.id, occurrence: foreign, context: context))
            XCTAssertEqual(ledgerError(error)?.violations.map(\.pointer), ["/occurrence"])
        }
    }

    func testEODCatchUpPostsEachDueOccurrenceOnce() throws {
        try fixture.transaction { db in
            let setup = try amountSetup(db, party: try InvoicingBuilder(db: db).customer())
            let repository = RecurringInvoiceSetupRepository(db)
            let asOf = CalendarDate(year: 2016, month: 6, day: 30)!
            for occurrence in try repository.get(setup.id).recurring.occurrencesDue(through: asOf, context: context) {
                _ = try repository.postOccurrence(setupID: setup.id, occurrence: occurrence, context: context)
            }
            let after = try repository.get(setup.id)
            XCTAssertEqual(after.recurring.lastPostedIndex, 3)
            XCTAssertEqual(after.recurring.lastPostedDate?.description, "2016-06-29")
            XCTAssertTrue(after.recurring.occurrencesDue(through: asOf, context: context).isEmpty)
            XCTAssertEqual(try fixture.count("SELECT count(*) FROM invoices WHERE status = 'issued'"), 4)
        }
    }

    func testStopAndResume() throws {
        try fixture.transaction { db in
            let repository = RecurringInvoiceSetupRepository(db)
            let setup = try amountSetup(db, party: try InvoicingBuilder(db: db).customer())
            let stopped = try repository.pause(setup.id)
            XCTAssertFalse(stopped.recurring.isActive)
            let first = try XCTUnwrap(stopped.recurring.upcomingOccurrences(context: context).first)
            XCTAssertTrue(stopped.recurring.occurrencesDue(through: CalendarDate(year: 2016, month: 12, day: 31)!, context: context).isEmpty)
            XCTAssertTrue(isConflict(thrownError(try repository.postOccurrence(setupID: setup.id, occurrence: first, context: context))))
            XCTAssertFalse(try repository.activeSetupIDs().contains(setup.id))

            // Resumed on 2016-04-01 without catching up: Feb 15 and Mar 31 are skipped, May 15 is next.
            let resumed = try repository.resume(setup.id, today: CalendarDate(year: 2016, month: 4, day: 1)!)
            XCTAssertTrue(resumed.recurring.isActive)
            XCTAssertEqual(resumed.recurring.upcomingOccurrences(context: context).first?.postingDate.description, "2016-05-15")
            XCTAssertTrue(isConflict(thrownError(try repository.postOccurrence(setupID: setup.id, occurrence: first, context: context))))

            _ = try repository.pause(setup.id)
            let caughtUp = try repository.resume(setup.id, today: CalendarDate(year: 2016, month: 4, day: 1)!, catchUp: true)
            XCTAssertEqual(caughtUp.recurring.skipThrough?.description, "2016-03-31", "catching up never un-skips")
        }
    }

    func testReplacingAfterAPostingKeepsWhatPostedFixesThePartyAndDeletionBecomesEnd() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let repository = RecurringInvoiceSetupRepository(db)
            let unposted = try amountSetup(db, party: party)
            try repository.delete(unposted.id)

            let setup = try amountSetup(db, party: party)
            let occurrence = try XCTUnwrap(setup.recurring.upcomingOccurrences(context: context).first)
            let posted = try repository.postOccurrence(setupID: setup.id, occurrence: occurrence, context: context)
            var draft = RecurringInvoiceSetupDraft(
                partyID: party.id, content: .amount(ExactDecimal("59.90")!, description: "Maintenance"),
                statementReference: "New {RIYear}", schedule: setup.recurring.schedule)
            let updated = try repository.replace(setup.id, with: draft)
            XCTAssertEqual(updated.content, .amount(ExactDecimal("59.90")!, description: "Maintenance"))
            XCTAssertEqual(updated.recurring.lastPostedIndex, occurrence.index, "the same schedule keeps its cursor")

            // A new schedule takes over after the last posting: nothing on or before it posts again.
            draft.schedule = try schedule(#"{"kind":"monthly","start":"2016-01-01"}"#)
            let rescheduled = try repository.replace(setup.id, with: draft)
            XCTAssertNil(rescheduled.recurring.lastPostedIndex)
            XCTAssertEqual(rescheduled.recurring.lastPostedDate, occurrence.postingDate)
            XCTAssertEqual(rescheduled.recurring.skipThrough, occurrence.postingDate)
            let next = try XCTUnwrap(rescheduled.recurring.upcomingOccurrences(context: context).first)
            XCTAssertGreaterThan(next.postingDate, occurrence.postingDate)
            XCTAssertEqual(next.postingDate.day, 1)
            // The invoice already posted is unchanged.
            XCTAssertEqual(try InvoiceRepository(db).get(posted.invoice.id).total, posted.invoice.total)

            draft.partyID = try build.customer("Other").id
            XCTAssertEqual(ledgerError(thrownError(try repository.replace(setup.id, with: draft)))?.violations.map(\.pointer), ["/partyId"])
            XCTAssertTrue(isConflict(thrownError(try repository.delete(setup.id))))
            let ended = try repository.end(setup.id)
            XCTAssertEqual(ended.recurring.state, .ended)
            XCTAssertTrue(isConflict(thrownError(try repository.replace(setup.id, with: draft))))
        }
    }

    func testTemplateLinkedToAPartyByHand() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let template = ItemRecurringTemplate(
                schedule: try schedule(#"{"kind":"monthly","start":"2000-01-01","count":12}"#),
                statementReference: "Subscription {RIMonth} {RIYear}", autoTrigger: false)
            let item = try build.item("SUB", price: "15.00", template: template)
            let setup = try RecurringInvoiceSetupRepository(db).create(
                fromTemplateOf: item.id, partyID: party.id, startingOn: CalendarDate(year: 2026, month: 1, day: 15)!)
            XCTAssertEqual(setup.itemID, item.id)
            XCTAssertEqual(setup.recurring.schedule.start.description, "2026-01-15")
            XCTAssertEqual(setup.recurring.schedule.count, 12)
            guard case .products(let lines) = setup.content else { return XCTFail("expected products") }
            XCTAssertEqual(lines.map(\.unitPrice), [ExactDecimal("15.00")])
            XCTAssertEqual(lines.map(\.description), ["Item SUB"])

            let plain = try build.item("PLAIN")
            XCTAssertEqual(
                ledgerError(thrownError(try RecurringInvoiceSetupRepository(db).create(fromTemplateOf: plain.id, partyID: party.id, startingOn: InvoicingBuilder.today)))?
                    .violations.map(\.pointer), ["/itemId"])
        }
    }

    func testTemplatesMayNotHaveAnEnd() throws {
        try fixture.transaction { db in
            let template = ItemRecurringTemplate(
                schedule: try schedule(#"{"kind":"monthly","start":"2000-01-01","end":"2001-01-01"}"#),
                statementReference: "{RIFoo}", autoTrigger: true)
            let error = thrownError(try InvoicingBuilder(db: db).item(template: template))
            XCTAssertEqual(
                ledgerError(error)?.violations.map(\.pointer),
                ["/recurringTemplate/schedule/end", "/recurringTemplate/statementReference"])
        }
    }
}
