import Domain
import Foundation
import Postgres

/// Recurring invoice setups of the tenant the connection is bound to: create (directly, or from an item's
/// template), update, stop and resume, preview and post occurrences (``postOccurrence(setupID:occurrence:context:)``).
public struct RecurringInvoiceSetupRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Saves a new setup.
    /// - Throws: ``LedgerError/validation(_:)`` at `partyId`, `itemId`, `statementReference`, `paymentTermsDays`,
    ///   `incomeAccountId`, `amount`, `description`, `discount/value`, `lines`, `lines/N/…`.
    public func create(_ draft: RecurringInvoiceSetupDraft) throws -> RecurringInvoiceSetup {
        try get(create(draft, salesOrderID: nil))
    }

    func create(_ draft: RecurringInvoiceSetupDraft, salesOrderID: UUID?) throws -> UUID {
        let prepared = try prepare(draft)
        return try db.transaction { db in
            let id = try db.query(
                RecurringInvoiceSetupStatements.insert,
                [draft.partyID, draft.itemID, salesOrderID] + prepared.fields
            ).first(orNotFound: "recurring invoice setup").decode(UUID.self, "id")
            if !prepared.lines.isEmpty {
                try db.query(RecurringInvoiceSetupStatements.insertLines, [id] + Self.lineParameters(prepared.lines))
            }
            return id
        }
    }

    /// Links an item's recurring template to a party (by hand, or on a sale when the template auto-triggers):
    /// a products setup of that item, started on `startDate` (the sale date).
    public func create(
        fromTemplateOf itemID: UUID, partyID: UUID, startingOn startDate: CalendarDate, quantity: ExactDecimal = 1,
        unitPrice: ExactDecimal? = nil, taxRate: ExactDecimal? = nil
    ) throws -> RecurringInvoiceSetup {
        try get(create(fromTemplateOf: itemID, partyID: partyID, startingOn: startDate, line: RecurringInvoiceLine(itemID: itemID, quantity: quantity, unitPrice: unitPrice, taxRate: taxRate), salesOrderID: nil))
    }

    func create(
        fromTemplateOf itemID: UUID, partyID: UUID, startingOn startDate: CalendarDate, line: RecurringInvoiceLine,
        salesOrderID: UUID?
    ) throws -> UUID {
        guard let item = try ItemRepository(db).items([itemID])[itemID] else {
            throw LedgerError.invalid("itemId", .invalidValue, "names no item")
        }
        guard let template = item.recurringTemplate else {
            throw LedgerError.invalid("itemId", .invalidValue, "has no recurring invoice template")
        }
        let draft = RecurringInvoiceSetupDraft(
            partyID: partyID, itemID: item.id, content: .products([line]), statementReference: template.statementReference,
            schedule: try template.schedule(startingOn: startDate))
        return try create(draft, salesOrderID: salesOrderID)
    }

    /// Replaces a setup's fields. Once an occurrence is posted, the party and the schedule are fixed.
    public func update(_ id: UUID, _ draft: RecurringInvoiceSetupDraft) throws -> RecurringInvoiceSetup {
        try db.transaction { db in
            let current = try setup(try lockRow(id))
            if current.lastPostedIndex != nil {
                var errors = [FieldViolation]()
                if draft.partyID != current.partyID {
                    errors.append(FieldViolation(path: "partyId", code: .conflict, message: "cannot change once an occurrence is posted"))
                }
                if draft.schedule != current.schedule {
                    errors.append(FieldViolation(path: "schedule", code: .conflict, message: "cannot change once an occurrence is posted"))
                }
                try LedgerError.check(errors)
            }
            let prepared = try prepare(draft)
            try db.query(RecurringInvoiceSetupStatements.update, [id, draft.partyID, draft.itemID] + prepared.fields)
            try db.query(RecurringInvoiceSetupStatements.deleteLines, [id])
            if !prepared.lines.isEmpty {
                try db.query(RecurringInvoiceSetupStatements.insertLines, [id] + Self.lineParameters(prepared.lines))
            }
        }
        return try get(id)
    }

    /// Stops a setup ("is active" off): the EOD posts nothing more until it is resumed.
    public func stop(_ id: UUID) throws -> RecurringInvoiceSetup {
        try setActive(id, false, skipThrough: nil)
    }

    /// Resumes a stopped setup on `today`. Without `catchUp`, occurrences posted before `today` that were missed
    /// while stopped are skipped; with it, the next EOD posts them too.
    public func resume(_ id: UUID, today: CalendarDate, catchUp: Bool = false) throws -> RecurringInvoiceSetup {
        try setActive(id, true, skipThrough: catchUp ? nil : today.checkedAdding(days: -1))
    }

    private func setActive(_ id: UUID, _ active: Bool, skipThrough: CalendarDate?) throws -> RecurringInvoiceSetup {
        guard try db.query(RecurringInvoiceSetupStatements.setActive, [id, active, LedgerSQL.date(skipThrough)]).affectedRows == 1
        else { throw LedgerError.notFound(resource: "recurring invoice setup", id: id.uuidString.lowercased()) }
        return try get(id)
    }

    /// Deletes a setup that never posted (one that did is stopped instead).
    public func delete(_ id: UUID) throws {
        do {
            try db.transaction { db in
                guard try db.query(RecurringInvoiceSetupStatements.delete, [id]).affectedRows == 1 else {
                    throw LedgerError.notFound(resource: "recurring invoice setup", id: id.uuidString.lowercased())
                }
            }
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw LedgerError.conflict("the setup has posted invoices: stop it instead of deleting it")
        }
    }

    /// The setup with `id`.
    public func get(_ id: UUID) throws -> RecurringInvoiceSetup {
        guard let row = try db.query(RecurringInvoiceSetupStatements.byID, [id]).first else {
            throw LedgerError.notFound(resource: "recurring invoice setup", id: id.uuidString.lowercased())
        }
        return try setup(row)
    }

    /// A page of setups, newest first.
    public func list(partyID: UUID? = nil, activeOnly: Bool = false, page: PageRequest = PageRequest()) throws
        -> Page<RecurringInvoiceSetup>
    {
        let rows = try db.query(RecurringInvoiceSetupStatements.list, [partyID, activeOnly] + page.parameters)
        let (ids, kept) = try Page.make(rows: rows, limit: page.limit) { try $0.decode(UUID.self, "id") }
        let lines = try self.lines(ids.items)
        return Page(items: try kept.map { try setup($0, lines: lines) }, next: ids.next)
    }

    /// The ids of the active setups, for the EOD worker to walk.
    public func activeSetupIDs() throws -> [UUID] {
        try db.query(RecurringInvoiceSetupStatements.activeIDs).map { try $0.decode(UUID.self, "id") }
    }

    // MARK: Helpers

    func lockRow(_ id: UUID) throws -> PostgresRow {
        guard let row = try db.query(RecurringInvoiceSetupStatements.lock, [id]).first else {
            throw LedgerError.notFound(resource: "recurring invoice setup", id: id.uuidString.lowercased())
        }
        return row
    }

    /// A validated draft: the stored fields ($mode … $is_active) and the resolved product lines.
    struct Prepared {
        var fields: [any PostgresEncodable]
        var lines: [ResolvedLine]
        var currency: Currency
    }

    func prepare(_ draft: RecurringInvoiceSetupDraft) throws -> Prepared {
        var errors = PaymentTerms.violations(draft.paymentTermsDays, at: "paymentTermsDays")
        if let error = StatementReference.validate(draft.statementReference) {
            errors.append(error.fieldViolation(at: "statementReference"))
        }
        errors += TextField.violations(draft.statementReference, at: "statementReference", maxLength: 500)
        let party = try PartyRepository(db).find(draft.partyID)
        if party == nil {
            errors.append(FieldViolation(path: "partyId", code: .invalidValue, message: "names no party"))
        } else if party?.archivedAt != nil {
            errors.append(FieldViolation(path: "partyId", code: .invalidValue, message: "names an archived party"))
        }
        if let itemID = draft.itemID, try ItemRepository(db).items([itemID])[itemID] == nil {
            errors.append(FieldViolation(path: "itemId", code: .invalidValue, message: "names no item"))
        }
        if let account = draft.incomeAccountID, try !ItemRepository(db).activeAccounts([account]).contains(account) {
            errors.append(FieldViolation(path: "incomeAccountId", code: .invalidValue, message: "names no active account"))
        }
        if case .amount(let amount, let description) = draft.content {
            if let party, let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: party.currency.minorUnits) {
                errors.append(error)
            }
            errors += TextField.violations(description, at: "description", maxLength: 500)
        }
        try LedgerError.check(errors)
        guard let party else { throw LedgerError.invalid("partyId", .invalidValue, "names no party") }

        let incomeAccount: UUID?
        let lines: [ResolvedLine]
        let calculatorLines: [ResolvedLine]
        switch draft.content {
        case .products(let products):
            incomeAccount = draft.incomeAccountID
            lines = try InvoiceLineResolver(db: db).prepare(
                products.map {
                    InvoiceLineDraft(
                        itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                        taxRate: $0.taxRate, incomeAccountID: draft.incomeAccountID)
                }, discount: draft.discount, currency: party.currency
            ).lines
            calculatorLines = lines
        case .amount(let amount, let description):
            let account = try draft.incomeAccountID ?? AccountRepository(db).account(role: .salesIncome).id
            incomeAccount = account
            lines = []
            calculatorLines = [
                ResolvedLine(
                    itemID: draft.itemID, description: description, quantity: 1, unitPrice: amount, incomeAccountID: account)
            ]
        }
        // The discount must fit what it discounts: check it on the amounts each posting will have.
        _ = try InvoiceLineResolver.amounts(calculatorLines, discount: draft.discount, currency: party.currency)
        var amount: ExactDecimal?
        var description: String?
        if case .amount(let value, let text) = draft.content {
            amount = value
            description = text
        }
        return Prepared(
            fields: [
                draft.content.mode, amount, description, incomeAccount, draft.discount?.kind, draft.discount?.value,
                draft.paymentTermsDays ?? party.paymentTermsDays, party.currency.code, draft.statementReference,
                draft.schedule.json, draft.isActive,
            ],
            lines: lines, currency: party.currency)
    }

    static func lineParameters(_ lines: [ResolvedLine]) -> [any PostgresEncodable] {
        [
            SQLArray(lines.map(\.itemID)), SQLArray(lines.map { Optional($0.description) }), SQLArray(lines.map(\.quantity)),
            SQLArray(lines.map(\.unitPrice)), SQLArray(lines.map(\.taxRate)),
        ]
    }

    /// Product lines of the given setups, by setup.
    func lines(_ ids: [UUID]) throws -> [UUID: [RecurringInvoiceLine]] {
        guard !ids.isEmpty else { return [:] }
        var lines = [UUID: [RecurringInvoiceLine]]()
        for row in try db.query(RecurringInvoiceSetupStatements.lines, [SQLArray(ids)]) {
            lines[try row.decode(UUID.self, "setup_id"), default: []].append(
                RecurringInvoiceLine(
                    itemID: try row.decode(UUID.self, "item_id"), description: try row.decode(String.self, "description"),
                    quantity: try row.decode(ExactDecimal.self, "quantity"),
                    unitPrice: try row.decode(ExactDecimal.self, "unit_price"),
                    taxRate: try row.decode(ExactDecimal?.self, "tax_rate")))
        }
        return lines
    }

    /// - Parameter schedule: the row's schedule when already decoded (the EOD's batches), else read from the row.
    func setup(_ row: PostgresRow, lines: [UUID: [RecurringInvoiceLine]]? = nil, schedule: Schedule? = nil) throws
        -> RecurringInvoiceSetup
    {
        let id = try row.decode(UUID.self, "id")
        let content: RecurringInvoiceContent
        if try row.decode(String.self, "mode") == "amount" {
            content = .amount(try row.decode(ExactDecimal.self, "amount"), description: try row.decode(String.self, "description"))
        } else {
            content = .products((try lines ?? self.lines([id]))[id] ?? [])
        }
        return RecurringInvoiceSetup(
            id: id, partyID: try row.decode(UUID.self, "party_id"), itemID: try row.decode(UUID?.self, "item_id"),
            salesOrderID: try row.decode(UUID?.self, "sales_order_id"), content: content,
            incomeAccountID: try row.decode(UUID?.self, "income_account_id"), discount: try LedgerSQL.discount(row),
            paymentTermsDays: try row.decode(Int.self, "payment_terms_days"), currency: try LedgerSQL.currency(row),
            statementReference: try row.decode(String.self, "statement_reference"),
            schedule: try schedule ?? StoredSchedule.decode(try row.decode(String.self, "schedule"), column: "schedule"),
            isActive: try row.decode(Bool.self, "is_active"), skipThrough: try LedgerSQL.optionalDate(row, "skip_through"),
            lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
            lastPostedDate: try LedgerSQL.optionalDate(row, "last_posted_date"),
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
    }
}

extension RecurringInvoiceContent {
    /// `products` or `amount`, as stored.
    var mode: String {
        switch self {
        case .products: "products"
        case .amount: "amount"
        }
    }
}
