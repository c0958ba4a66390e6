import Domain
import Foundation
import Postgres

/// Sales orders of the tenant the connection is bound to. Confirming one ("closed-won") issues its invoice,
/// creates a follow-up task and the recurring invoice setups of auto-triggered templates, in one transaction.
public struct SalesOrderRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Saves an open order; lines are filled from their items and checked as an invoice's would be.
    /// - Throws: ``LedgerError/validation(_:)`` at `partyId`, `reference`, `paymentTermsDays`, `discount/value`,
    ///   `lines`, `lines/N/…`.
    public func create(_ draft: SalesOrderDraft) throws -> SalesOrder {
        let party = try Self.checkHeader(
            partyID: draft.partyID, reference: draft.reference, paymentTermsDays: draft.paymentTermsDays, on: db)
        let lines = try Self.resolve(draft.lines, discount: draft.discount, currency: party.currency, on: db)
        let id = try db.transaction { db in
            let id = try db.query(
                SalesOrderStatements.insert,
                [
                    party.id, LedgerSQL.date(draft.orderDate), party.currency.code, draft.reference,
                    draft.paymentTermsDays ?? party.paymentTermsDays, draft.discount?.kind, draft.discount?.value, nil as UUID?,
                ]).first(orNotFound: "sales order").decode(UUID.self, "id")
            try db.query(SalesOrderStatements.insertLines, [id] + Self.lineParameters(lines))
            return id
        }
        return try get(id)
    }

    /// Confirms (wins) an open order on `date`, all or nothing: issues its invoice dated `date`, creates the
    /// follow-up task (by default "Follow up on sales order …", due a week later), and one recurring invoice setup,
    /// started on `date`, per line whose item's template triggers automatically on sales.
    /// - Throws: ``LedgerError/conflict(_:)`` unless the order is open; any failure leaves nothing behind.
    public func confirm(_ id: UUID, on date: CalendarDate, followUp: FollowUpTaskDraft? = nil) throws -> SalesOrderConfirmation {
        if let followUp { try LedgerError.check(TextField.violations(followUp.title, at: "followUp/title", maxLength: 200)) }
        let (invoiceID, task, setupIDs) = try db.transaction { db in
            let order = try self.order(try lockRow(id))
            guard order.status == .open else { throw LedgerError.conflict("the sales order is \(order.status.wireValue)") }
            let invoices = InvoiceRepository(db)
            let invoiceID = try invoices.createDraft(
                InvoiceDraft(
                    partyID: order.partyID, invoiceDate: date, paymentTermsDays: order.paymentTermsDays,
                    statementReference: order.reference.map { "Sales order \($0)" }, discount: order.discount,
                    lines: order.lines.map {
                        InvoiceLineDraft(
                            itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                            discount: $0.discount, taxRate: $0.invoiceTax.rate, taxCodeID: $0.invoiceTax.code)
                    }),
                origin: InvoiceRepository.Origin(salesOrderID: order.id))
            try invoices.issue(invoiceID, today: date, dueDate: nil, dating: .refuse(at: "date"))
            _ = try InvoiceIssuedNotification.write(invoiceIDs: [invoiceID], on: db)

            let task = followUp ?? FollowUpTaskDraft(
                title: "Follow up on sales order \(order.reference ?? String(order.id.uuidString.prefix(8)).lowercased())",
                dueDate: date.checkedAdding(days: 7))
            let taskRow = try db.query(SalesOrderStatements.insertTask, [task.title, LedgerSQL.date(task.dueDate), order.id]).first(orNotFound: "task")

            let setupIDs = try RecurringInvoiceKind.autoTrigger(
                order.lines.map {
                    RecurringInvoiceLine(
                        itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                        taxRate: $0.invoiceTax.rate, taxCodeID: $0.invoiceTax.code)
                }, partyID: order.partyID, on: date, origin: AutoTriggerOrigin(salesOrderID: order.id), on: db)
            try db.query(SalesOrderStatements.markWon, [order.id, LedgerSQL.date(date)])
            return (invoiceID, try Self.task(taskRow), setupIDs)
        }
        let setups = RecurringInvoiceSetupRepository(db)
        return SalesOrderConfirmation(
            order: try get(id), invoice: try InvoiceRepository(db).get(invoiceID), task: task,
            setups: try setupIDs.map { try setups.get($0) })
    }

    /// Closes an open order as lost or cancelled.
    public func close(_ id: UUID, as status: SalesOrderStatus) throws -> SalesOrder {
        guard status == .lost || status == .cancelled else {
            throw LedgerError.invalid("status", .invalidValue, "must be lost or cancelled")
        }
        guard try db.query(SalesOrderStatements.close, [id, status.rawValue]).affectedRows == 1 else {
            let order = try get(id)
            throw LedgerError.conflict("the sales order is \(order.status.wireValue)")
        }
        return try get(id)
    }

    /// The order with `id` and its lines.
    public func get(_ id: UUID) throws -> SalesOrder {
        return try order(db.query(SalesOrderStatements.byID, [id]).first(orNotFound: "sales order", id: id))
    }

    /// A page of orders, newest first.
    public func list(status: SalesOrderStatus? = nil, partyID: UUID? = nil, page: PageRequest = PageRequest()) throws
        -> Page<SalesOrder>
    {
        let rows = try db.query(SalesOrderStatements.list, [status?.rawValue, partyID] + page.parameters)
        let (ids, kept) = try Page.make(rows: rows, limit: page.limit) { try $0.decode(UUID.self, "id") }
        let lines = try self.lines(ids.items)
        return Page(items: try kept.map { try order($0, lines: lines) }, next: ids.next)
    }

    /// The tasks linked to an order.
    public func tasks(ofOrder id: UUID) throws -> [FollowUpTask] {
        try db.query(SalesOrderStatements.tasksForOrder, [id]).map(Self.task)
    }

    // MARK: Helpers

    private func lockRow(_ id: UUID) throws -> PostgresRow {
        return try db.query(SalesOrderStatements.lock, [id]).first(orNotFound: "sales order", id: id)
    }

    private func lines(_ ids: [UUID]) throws -> [UUID: [SalesOrderLine]] {
        try Self.lines(SalesOrderStatements.lines, ids, on: db)
    }

    /// Order lines (of orders or of recurring orders, by `statement`) of the given parents, by parent.
    static func lines(_ statement: PostgresStatement, _ ids: [UUID], on db: PostgresConnection) throws -> [UUID: [SalesOrderLine]] {
        try db.children(statement, of: ids, parent: "parent_id") { row in
            SalesOrderLine(
                lineNumber: try row.decode(Int.self, "line_no"), itemID: try row.decode(UUID.self, "item_id"),
                description: try row.decode(String.self, "description"),
                quantity: try row.decode(ExactDecimal.self, "quantity"),
                unitPrice: try row.decode(ExactDecimal.self, "unit_price"), discount: try LedgerSQL.discount(row),
                taxRate: try row.decode(ExactDecimal?.self, "tax_rate"), taxCodeID: try row.decode(UUID?.self, "tax_code_id"))
        }
    }

    private func order(_ row: PostgresRow, lines: [UUID: [SalesOrderLine]]? = nil) throws -> SalesOrder {
        let id = try row.decode(UUID.self, "id")
        return SalesOrder(
            id: id, partyID: try row.decode(UUID.self, "party_id"), orderDate: try LedgerSQL.date(row, "order_date"),
            currency: try LedgerSQL.currency(row), status: try LedgerSQL.value(SalesOrderStatus.self, row, "status"),
            reference: try row.decode(String?.self, "reference"),
            paymentTermsDays: try row.decode(Int.self, "payment_terms_days"), discount: try LedgerSQL.discount(row),
            lines: (try lines ?? self.lines([id]))[id] ?? [],
            recurringSalesOrderID: try row.decode(UUID?.self, "recurring_sales_order_id"),
            confirmedOn: try LedgerSQL.optionalDate(row, "confirmed_on"), confirmedAt: try row.decode(Date?.self, "confirmed_at"),
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
    }

    /// Checks an order's header (orders and recurring orders alike); returns its active party.
    static func checkHeader(partyID: UUID, reference: String?, paymentTermsDays: Int?, on db: PostgresConnection) throws
        -> Party
    {
        var errors = PaymentTerms.violations(paymentTermsDays, at: "paymentTermsDays")
        errors += TextField.violations(reference, at: "reference", maxLength: 200)
        guard let party = try PartyRepository(db).find(partyID), party.archivedAt == nil else {
            throw LedgerError.validation(
                FieldViolations(errors + [FieldViolation(path: "partyId", code: .invalidValue, message: "names no active party")]))
        }
        try LedgerError.check(errors)
        return party
    }

    /// Order lines filled from their items and checked as an invoice's would be.
    static func resolve(_ lines: [SalesOrderLineDraft], discount: Discount?, currency: Currency, on db: PostgresConnection)
        throws -> [ResolvedLine]
    {
        try InvoiceLineResolver(db: db).prepare(
            lines.map {
                InvoiceLineDraft(
                    itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                    discount: $0.discount, taxRate: $0.taxRate, taxCodeID: $0.taxCodeID)
            }, discount: discount, currency: currency
        ).lines
    }

    /// `$2…$9` of ``SalesOrderStatements/insertLines`` (and of the recurring orders' lines).
    static func lineParameters(_ lines: [ResolvedLine]) -> [any PostgresEncodable] {
        [
            SQLArray(lines.map(\.itemID)), SQLArray(lines.map { Optional($0.description) }), SQLArray(lines.map(\.quantity)),
            SQLArray(lines.map(\.unitPrice)), SQLArray(lines.map { $0.discount?.kind }), SQLArray(lines.map { $0.discount?.value }),
            SQLArray(lines.map(\.taxRate)), SQLArray(lines.map(\.taxCodeID)),
        ]
    }

    static func task(_ row: PostgresRow) throws -> FollowUpTask {
        FollowUpTask(
            id: try row.decode(UUID.self, "id"), title: try row.decode(String.self, "title"),
            dueDate: try LedgerSQL.optionalDate(row, "due_date"), status: try row.decode(String.self, "status"),
            salesOrderID: try row.decode(UUID?.self, "sales_order_id"), createdAt: try row.decode(Date.self, "created_at"))
    }
}
