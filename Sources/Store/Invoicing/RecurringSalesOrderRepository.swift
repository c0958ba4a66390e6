import Domain
import Foundation
import Postgres

/// Recurring sales orders of the tenant the connection is bound to: the shared template lifecycle
/// (``RecurringTemplateStore``) over ``RecurringSalesOrderKind``.
public typealias RecurringSalesOrderRepository = RecurringTemplateStore<RecurringSalesOrderKind>

/// Recurring sales orders as a kind of recurring template: each occurrence creates, once, a new order copying the
/// template's party, lines, discount, currency, terms and reference, dated the posting date, linked to the
/// template (`recurring_sales_order_id`) and won at once: its invoice issued with its number and GL entry. No
/// follow-up task nor recurring invoice is created: the order itself recurs.
public enum RecurringSalesOrderKind: RecurringTemplateKind {
    public static let resource = "recurring sales order"
    public static var statements: RecurringTemplateStatements { RecurringSalesOrderStatements.template }

    public static func templates(_ rows: [PostgresRow], on db: PostgresConnection) throws -> [RecurringSalesOrder] {
        let lines = try SalesOrderRepository.lines(
            RecurringSalesOrderStatements.lines, try rows.map { try $0.decode(UUID.self, "id") }, on: db)
        return try rows.map { row in
            let id = try row.decode(UUID.self, "id")
            return RecurringSalesOrder(
                id: id, partyID: try row.decode(UUID.self, "party_id"), currency: try LedgerSQL.currency(row),
                reference: try row.decode(String?.self, "reference"),
                paymentTermsDays: try row.decode(Int.self, "payment_terms_days"), discount: try LedgerSQL.discount(row),
                lines: lines[id] ?? [], sourceOrderID: try row.decode(UUID?.self, "source_order_id"),
                recurring: try RecurringTemplate(row: row), createdAt: try row.decode(Date.self, "created_at"),
                updatedAt: try row.decode(Date.self, "updated_at"))
        }
    }

    /// - Throws: ``LedgerError/validation(_:)`` at `partyId`, `reference`, `paymentTermsDays`, `discount/value`,
    ///   `lines`, `lines/N/…`.
    public static func insert(_ draft: RecurringSalesOrderDraft, on db: PostgresConnection) throws -> UUID {
        let (header, lines) = try prepare(draft, on: db)
        let id = try db.query(RecurringSalesOrderStatements.insert, header + [draft.schedule.json])
            .first(orNotFound: resource).decode(UUID.self, "id")
        try db.query(RecurringSalesOrderStatements.insertLines, [id] + SalesOrderRepository.lineParameters(lines))
        return id
    }

    /// Once an occurrence is posted, the party is fixed (the orders and invoices already made are its).
    public static func update(_ current: RecurringSalesOrder, with draft: RecurringSalesOrderDraft, on db: PostgresConnection)
        throws
    {
        try checkPartyFixed(current.recurring, from: current.partyID, to: draft.partyID)
        let (header, lines) = try prepare(draft, on: db)
        try db.query(RecurringSalesOrderStatements.update, [current.id] + header)
        try db.query(RecurringSalesOrderStatements.deleteLines, [current.id])
        try db.query(RecurringSalesOrderStatements.insertLines, [current.id] + SalesOrderRepository.lineParameters(lines))
    }

    /// Each order's amounts, and its invoice's due date (the posting date plus terms).
    public static func preview(_ template: RecurringSalesOrder, _ occurrences: [Occurrence], on db: PostgresConnection)
        throws -> [RecurringPreview]
    {
        let amounts = try InvoiceLineResolver.amounts(
            template.resolvedLines, discount: template.discount, currency: template.currency)
        return occurrences.map {
            RecurringPreview(
                occurrence: $0, documentDate: $0.postingDate,
                documentDueDate: $0.postingDate.checkedAdding(days: template.paymentTermsDays),
                reference: template.reference, currency: template.currency, amounts: amounts)
        }
    }

    public static func post(
        _ template: RecurringSalesOrder, _ occurrence: Occurrence, eodDate: CalendarDate?, on db: PostgresConnection
    ) throws -> UUID {
        let date = occurrence.postingDate
        let orderID = try db.query(
            SalesOrderStatements.insert,
            [
                template.partyID, LedgerSQL.date(date), template.currency.code, template.reference,
                template.paymentTermsDays, template.discount?.kind, template.discount?.value, template.id,
            ]).first(orNotFound: "sales order").decode(UUID.self, "id")
        let lines = template.lines
        try db.query(SalesOrderStatements.insertLines, [orderID] + SalesOrderRepository.lineParameters(template.resolvedLines))
        let invoices = InvoiceRepository(db)
        let invoiceID = try invoices.createDraft(
            InvoiceDraft(
                partyID: template.partyID, invoiceDate: date, paymentTermsDays: template.paymentTermsDays,
                statementReference: template.reference.map { "Sales order \($0)" }, discount: template.discount,
                lines: lines.map {
                    InvoiceLineDraft(
                        itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                        discount: $0.discount, taxRate: $0.invoiceTax.rate, taxCodeID: $0.invoiceTax.code)
                }),
            origin: InvoiceRepository.Origin(salesOrderID: orderID), allowArchivedItems: true)
        try invoices.issue(invoiceID, today: date, dueDate: nil, dating: .occurrence(eodDate: eodDate))
        try db.query(SalesOrderStatements.markWon, [orderID, LedgerSQL.date(date)])
        try recordOccurrence(template.id, occurrence, document: orderID, on: db)
        return orderID
    }

    /// The stored header ($1…$6 of the insert) and the resolved lines.
    private static func prepare(_ draft: RecurringSalesOrderDraft, on db: PostgresConnection) throws
        -> ([any PostgresEncodable], [ResolvedLine])
    {
        let party = try SalesOrderRepository.checkHeader(
            partyID: draft.partyID, reference: draft.reference, paymentTermsDays: draft.paymentTermsDays, on: db)
        let lines = try SalesOrderRepository.resolve(draft.lines, discount: draft.discount, currency: party.currency, on: db)
        return (
            [
                party.id, party.currency.code, draft.reference, draft.paymentTermsDays ?? party.paymentTermsDays,
                draft.discount?.kind, draft.discount?.value,
            ], lines
        )
    }
}

extension RecurringSalesOrder {
    /// The lines as the line writer and the calculator take them (accounts are the items', set on the invoice).
    var resolvedLines: [ResolvedLine] {
        lines.map {
            ResolvedLine(
                itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                discount: $0.discount, taxRate: $0.taxRate, incomeAccountID: UUID(), taxCodeID: $0.taxCodeID)
        }
    }
}
