import Domain
import Foundation
import Postgres

/// What recurring invoices offer beyond the shared lifecycle: a setup from an item's template, deleting one that
/// never posted, previewing a draft, posting one occurrence with its invoice read back.
extension RecurringTemplateStore where Kind == RecurringInvoiceKind {
    /// Links an item's recurring template to a party (by hand, or on a sale when the template auto-triggers):
    /// a products setup of that item, started on `startDate` (the sale date).
    public func create(
        fromTemplateOf itemID: UUID, partyID: UUID, startingOn startDate: CalendarDate, quantity: ExactDecimal = 1,
        unitPrice: ExactDecimal? = nil, taxRate: ExactDecimal? = nil
    ) throws -> RecurringInvoiceSetup {
        let line = RecurringInvoiceLine(itemID: itemID, quantity: quantity, unitPrice: unitPrice, taxRate: taxRate)
        let id = try db.transaction { db in
            try Kind.insert(fromTemplateOf: itemID, partyID: partyID, startingOn: startDate, line: line, origin: AutoTriggerOrigin(), on: db)
        }
        return try get(id)
    }

    /// Deletes a setup that never posted (one that did is ended instead).
    public func delete(_ id: UUID) throws {
        do {
            try db.transaction { db in
                let current = try lockedTemplate(id, on: db)
                try RecurringAmountHistory.fillBackfilled(current, Kind.self, on: db)
                guard try db.query(RecurringInvoiceSetupStatements.delete, [id]).affectedRows == 1 else {
                    throw LedgerError.notFound(resource: Kind.resource, id: id.uuidString.lowercased())
                }
                try RecurringAmountHistory.record(current, Kind.self, reason: .deleted, state: .ended, on: db)
            }
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw LedgerError.conflict("the recurring invoice has posted invoices: end it instead of deleting it")
        }
    }

    /// The first `count` (1…100) postings a draft would make if saved: the dry run of the form.
    public func preview(_ draft: RecurringInvoiceSetupDraft, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        guard RecurringTemplate.previewCounts.contains(count) else { throw LedgerError(.previewCount) }
        let prepared = try Kind.prepare(draft, on: db)
        let content: RecurringInvoiceContent
        switch draft.content {
        case .amount: content = draft.content
        case .products:
            content = .products(
                prepared.lines.map {
                    RecurringInvoiceLine(
                        itemID: $0.itemID ?? UUID(), description: $0.description, quantity: $0.quantity,
                        unitPrice: $0.unitPrice, taxRate: $0.taxRate, taxCodeID: $0.taxCodeID, campaign: $0.campaign)
                })
        }
        let party = try PartyRepository(db).get(draft.partyID)
        return try Kind.preview(
            content: content, discount: draft.discount, currency: prepared.currency,
            terms: draft.paymentTermsDays ?? party.paymentTermsDays, statementReference: draft.statementReference,
            occurrences: Array(draft.schedule.occurrences(context: context).prefix(count)),
            pricesIncludeTax: draft.pricesIncludeTax)
    }

    /// Posts one occurrence of a setup inside the caller's transaction (in a savepoint) and reads its invoice back:
    /// the invoice (dated the posting date, due on the occurrence's due date plus terms, statement reference
    /// expanded), issued (next number, Dr party's control account / Cr mapped account(s) and tax payable), the
    /// occurrence recorded on it and the cursor moved. All of it or none of it.
    public func postOccurrence(setupID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> PostedOccurrence {
        let invoiceID = try postOccurrence(templateID: setupID, occurrence: occurrence, context: context)
        return PostedOccurrence(setupID: setupID, occurrence: occurrence, invoice: try InvoiceRepository(db).get(invoiceID))
    }

    /// The ids of the active setups.
    public func activeSetupIDs() throws -> [UUID] {
        try db.query(RecurringInvoiceSetupStatements.activeIDs).map { try $0.decode(UUID.self, "id") }
    }
}

extension RecurringInvoiceKind {
    /// A products setup of an item's recurring template for `partyID`, started on `startDate`.
    static func insert(
        fromTemplateOf itemID: UUID, partyID: UUID, startingOn startDate: CalendarDate, line: RecurringInvoiceLine,
        origin: AutoTriggerOrigin, on db: PostgresConnection
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
        let id = try insert(draft, origin: origin, on: db)
        try RecurringAmountHistory.record(
            try RecurringInvoiceSetupRepository(db).lockedTemplate(id, on: db), Self.self, reason: .created,
            effectiveOn: startDate, on: db)
        return id
    }

    /// The setups a sale makes by itself: one per sold line whose item's template triggers automatically, for the
    /// buyer, started on the sale date. The sale's invoice bills the first period, so each setup skips what posts
    /// on the sale date (issue 24, finding 1). Returns the new setups' ids.
    static func autoTrigger(
        _ lines: [RecurringInvoiceLine], partyID: UUID, on date: CalendarDate, origin: AutoTriggerOrigin,
        on db: PostgresConnection
    ) throws -> [UUID] {
        let items = try ItemRepository(db).items(lines.map(\.itemID))
        var ids = [UUID]()
        for line in lines where items[line.itemID]?.recurringTemplate?.autoTrigger == true {
            let id = try insert(fromTemplateOf: line.itemID, partyID: partyID, startingOn: date, line: line, origin: origin, on: db)
            try RecurringInvoiceSetupRepository(db).skip(id, through: date)
            ids.append(id)
        }
        return ids
    }

    static func preview(
        content: RecurringInvoiceContent, discount: Discount?, currency: Currency, terms: Int, statementReference: String,
        occurrences: [Occurrence], pricesIncludeTax: Bool = false
    ) throws -> [RecurringPreview] {
        let reference: StatementReference
        do { reference = try StatementReference(statementReference) } catch {
            throw LedgerError.validation(FieldViolations([error.fieldViolation(at: "statementReference")]))
        }
        let amounts = try InvoiceLineResolver.amounts(
            calculatorLines(content), discount: discount, currency: currency, pricesIncludeTax: pricesIncludeTax)
        var previews = [RecurringPreview]()
        for occurrence in occurrences {
            guard let due = occurrence.dueDate.checkedAdding(days: terms) else { break }
            previews.append(
                RecurringPreview(
                    occurrence: occurrence, documentDate: occurrence.postingDate, documentDueDate: due,
                    reference: reference.expand(for: occurrence), currency: currency, amounts: amounts))
        }
        return previews
    }

    /// The income account of ``calculatorLines(_:)``'s lines: any id does (accounts do not matter for amounts), and a
    /// fixed one spares a random `UUID()` per line (on Linux each reads `/dev/urandom`: open, read, close — about a
    /// tenth of the upcoming-postings report's server time, docs/reports.md "Fixed costs, third pass").
    static let calculatorAccount = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Lines for the calculator (accounts do not matter for amounts).
    static func calculatorLines(_ content: RecurringInvoiceContent) -> [ResolvedLine] {
        switch content {
        case .products(let lines):
            lines.map {
                ResolvedLine(
                    itemID: $0.itemID, description: $0.description ?? "", quantity: $0.quantity,
                    unitPrice: $0.unitPrice ?? .zero, taxRate: $0.taxRate, incomeAccountID: calculatorAccount)
            }
        case .amount(let amount, let description, let taxRate, _):
            [ResolvedLine(description: description, quantity: 1, unitPrice: amount, taxRate: taxRate, incomeAccountID: calculatorAccount)]
        }
    }

    /// The invoice every occurrence of a setup produces, before its dates and its statement reference (left
    /// unexpanded) are filled in.
    static func invoiceTemplate(_ setup: RecurringInvoiceSetup) -> InvoiceDraft {
        let lines: [InvoiceLineDraft]
        switch setup.content {
        case .products(let products):
            lines = products.map {
                InvoiceLineDraft(
                    itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                    taxRate: $0.taxCodeID == nil ? $0.taxRate : nil, incomeAccountID: setup.incomeAccountID,
                    taxCodeID: $0.taxCodeID, campaign: $0.campaign)
            }
        case .amount(let amount, let description, let taxRate, let taxCodeID):
            lines = [
                InvoiceLineDraft(
                    itemID: setup.itemID, description: description, quantity: 1, unitPrice: amount,
                    taxRate: taxCodeID == nil ? taxRate : nil, incomeAccountID: setup.incomeAccountID, taxCodeID: taxCodeID)
            ]
        }
        return InvoiceDraft(
            partyID: setup.partyID, paymentTermsDays: setup.paymentTermsDays,
            statementReference: setup.statementReference, discount: setup.discount,
            pricesIncludeTax: setup.pricesIncludeTax, lines: lines)
    }
}
