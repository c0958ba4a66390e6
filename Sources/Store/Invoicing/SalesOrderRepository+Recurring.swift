import Domain
import Foundation
import Postgres

/// What one occurrence of a recurring sales order created.
public struct RecurringSalesOrderPosting: Sendable, Hashable {
    public let templateID: UUID
    public let occurrence: Occurrence
    /// The new order, won on the occurrence's posting date.
    public let orderID: UUID
    /// Its invoice, issued, numbered and posted.
    public let invoiceID: UUID
}

extension SalesOrderRepository {
    /// Posts one occurrence of the recurring order `templateID` in a savepoint of the caller's transaction, all or
    /// nothing: a new order copying the template's party, lines, discount, currency, terms and reference, dated
    /// the occurrence's posting date and linked to the template (`recurring_parent_id`); its confirmation (the
    /// invoice, dated the posting date, issued with its number and GL entry); the occurrence row that the unique
    /// key keeps single; and the template's cursor. No follow-up task nor recurring invoice setup is created: the
    /// order itself recurs.
    /// - Throws: ``LedgerError/conflict(_:)`` when already posted, inactive, not open or won, or skipped;
    ///   ``LedgerError/notFound(resource:id:)``; a validation error if the occurrence is not the schedule's.
    @discardableResult
    public func postRecurringOccurrence(templateID: UUID, occurrence: Occurrence, context: ScheduleContext) throws
        -> RecurringSalesOrderPosting
    {
        try db.transaction { db in
            guard let row = try db.query(RecurringSalesOrderStatements.lockTemplate, [templateID]).first else {
                throw LedgerError.notFound(resource: "sales order", id: templateID.uuidString.lowercased())
            }
            let template = try get(templateID)
            guard let schedule = template.recurringSchedule else {
                throw LedgerError.conflict("the sales order is not recurring")
            }
            guard template.status == .open || template.status == .won else {
                throw LedgerError.conflict("the sales order is \(template.status.wireValue)")
            }
            try RecurringCursor.checkPostable(
                isActive: template.recurringIsActive, schedule: schedule,
                skipThrough: try row.decode(CalendarDate?.self, "recurring_skip_through"), occurrence: occurrence,
                context: context)
            let date = occurrence.postingDate

            let orderID = try db.query(
                RecurringSalesOrderStatements.insertOrder,
                [
                    template.partyID, LedgerSQL.date(date), template.currency.code, template.reference,
                    template.paymentTermsDays, template.discount?.kind, template.discount?.value, template.id,
                ]).first(orNotFound: "sales order").decode(UUID.self, "id")
            let lines = template.lines
            try db.query(
                SalesOrderStatements.insertLines,
                [
                    orderID, SQLArray(lines.map(\.itemID)), SQLArray(lines.map { Optional($0.description) }),
                    SQLArray(lines.map(\.quantity)), SQLArray(lines.map(\.unitPrice)), SQLArray(lines.map { $0.discount?.kind }),
                    SQLArray(lines.map { $0.discount?.value }), SQLArray(lines.map(\.taxRate)),
                ])

            let invoices = InvoiceRepository(db)
            let invoiceID = try invoices.createDraft(
                InvoiceDraft(
                    partyID: template.partyID, invoiceDate: date, paymentTermsDays: template.paymentTermsDays,
                    statementReference: template.reference.map { "Sales order \($0)" }, discount: template.discount,
                    lines: lines.map {
                        InvoiceLineDraft(
                            itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                            discount: $0.discount, taxRate: $0.taxRate)
                    }),
                origin: InvoiceRepository.Origin(salesOrderID: orderID), allowArchivedItems: true)
            try invoices.issue(invoiceID, today: date, dueDate: nil)
            try db.query(SalesOrderStatements.markWon, [orderID, LedgerSQL.date(date)])

            do {
                try db.query(
                    RecurringSalesOrderStatements.recordOccurrence,
                    [template.id, LedgerSQL.date(date), occurrence.index, orderID])
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                throw LedgerError.conflict("occurrence \(occurrence.index) (\(date)) is already posted")
            }
            try db.query(RecurringSalesOrderStatements.moveCursor, [template.id, occurrence.index, LedgerSQL.date(date)])
            return RecurringSalesOrderPosting(
                templateID: template.id, occurrence: occurrence, orderID: orderID, invoiceID: invoiceID)
        }
    }
}

/// The recurring sales orders' SQL.
enum RecurringSalesOrderStatements {
    static let lockTemplate = PostgresStatement(
        "invoicing_recurring_order_lock",
        "SELECT id, recurring_skip_through FROM sales_orders WHERE id = $1 FOR UPDATE")

    static let insertOrder = PostgresStatement(
        "invoicing_recurring_order_insert",
        """
        INSERT INTO sales_orders (party_id, order_date, currency, reference, payment_terms_days, discount_kind,
                                  discount_value, recurring_parent_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """)

    static let recordOccurrence = PostgresStatement(
        "invoicing_recurring_order_occurrence",
        """
        INSERT INTO recurring_sales_order_occurrences (template_id, occurrence_date, occurrence_index, order_id)
        VALUES ($1, $2, $3, $4)
        """)

    static let moveCursor = PostgresStatement(
        "invoicing_recurring_order_cursor",
        """
        UPDATE sales_orders SET recurring_last_posted_index = $2, recurring_last_posted_date = $3, updated_at = now()
        WHERE id = $1
        """)
}
