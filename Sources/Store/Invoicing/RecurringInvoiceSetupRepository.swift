import Domain
import Foundation
import Postgres

/// Recurring invoice setups of the tenant the connection is bound to: the shared template lifecycle
/// (``RecurringTemplateStore``) over ``RecurringInvoiceKind``, plus creating one from an item's template,
/// deleting one that never posted, and previewing a draft (RecurringInvoiceSetupRepository+Posting.swift).
public typealias RecurringInvoiceSetupRepository = RecurringTemplateStore<RecurringInvoiceKind>

/// Recurring invoices (MixERP's setups, Initiative's templates) as a kind of recurring template: each occurrence
/// becomes an issued invoice through ``RecurringInvoiceBatch``, the EOD's path.
public enum RecurringInvoiceKind: RecurringTemplateKind {
    public static let resource = "recurring invoice"
    public static let amountHistoryKind: String? = "invoice"
    public static var statements: RecurringTemplateStatements { RecurringInvoiceSetupStatements.template }

    public static func templates(_ rows: [PostgresRow], on db: PostgresConnection) throws -> [RecurringInvoiceSetup] {
        let lines = try self.lines(try rows.filter { try $0.decode(String.self, "mode") == "products" }.map { try $0.decode(UUID.self, "id") }, on: db)
        return try rows.map { try setup($0, lines: lines) }
    }

    /// - Throws: ``LedgerError/validation(_:)`` at `partyId`, `itemId`, `statementReference`, `paymentTermsDays`,
    ///   `incomeAccountId`, `amount`, `description`, `discount/value`, `lines`, `lines/N/…`.
    public static func insert(_ draft: RecurringInvoiceSetupDraft, on db: PostgresConnection) throws -> UUID {
        try insert(draft, origin: AutoTriggerOrigin(), on: db)
    }

    static func insert(_ draft: RecurringInvoiceSetupDraft, origin: AutoTriggerOrigin, on db: PostgresConnection) throws -> UUID {
        let prepared = try prepare(draft, on: db)
        let id = try db.query(
            RecurringInvoiceSetupStatements.insert,
            [draft.partyID, draft.itemID, origin.salesOrderID] + prepared.fields
                + [draft.schedule.json, origin.invoiceID, draft.pricesIncludeTax]
        ).first(orNotFound: resource).decode(UUID.self, "id")
        if !prepared.lines.isEmpty {
            try db.query(RecurringInvoiceSetupStatements.insertLines, [id] + lineParameters(prepared.lines))
        }
        return id
    }

    /// Once an occurrence is posted, the party is fixed (the invoices already issued are its).
    public static func update(_ current: RecurringInvoiceSetup, with draft: RecurringInvoiceSetupDraft, on db: PostgresConnection)
        throws
    {
        try checkPartyFixed(current.recurring, from: current.partyID, to: draft.partyID)
        let prepared = try prepare(draft, on: db)
        try db.query(
            RecurringInvoiceSetupStatements.update,
            [current.id, draft.partyID, draft.itemID] + prepared.fields + [draft.pricesIncludeTax])
        try db.query(RecurringInvoiceSetupStatements.deleteLines, [current.id])
        if !prepared.lines.isEmpty {
            try db.query(RecurringInvoiceSetupStatements.insertLines, [current.id] + lineParameters(prepared.lines))
        }
    }

    public static func preview(_ setup: RecurringInvoiceSetup, _ occurrences: [Occurrence], on db: PostgresConnection)
        throws -> [RecurringPreview]
    {
        try preview(
            content: setup.content, discount: setup.discount, currency: setup.currency, terms: setup.paymentTermsDays,
            statementReference: setup.statementReference, occurrences: occurrences,
            pricesIncludeTax: setup.pricesIncludeTax)
    }

    /// Posts through ``RecurringInvoiceBatch`` (the invoice records its occurrence; a unique key keeps it single).
    public static func post(
        _ setup: RecurringInvoiceSetup, _ occurrence: Occurrence, eodDate: CalendarDate?, on db: PostgresConnection
    ) throws -> UUID {
        let posted = try RecurringInvoiceBatch(db: db).post(
            [RecurringInvoiceBatchItem(setupID: setup.id, occurrences: [occurrence], next: nil)], eodDate: eodDate)
        guard let invoice = posted.first else { throw PostgresError.invalidUsage("the posting made no invoice") }
        return invoice.id
    }

    /// A validated draft: the stored fields ($mode … $is_active) and the resolved product lines.
    struct Prepared {
        var fields: [any PostgresEncodable]
        var lines: [ResolvedLine]
        var currency: Currency
    }

    static func prepare(_ draft: RecurringInvoiceSetupDraft, on db: PostgresConnection) throws -> Prepared {
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
        var amountTaxCode: TaxCode?
        if case .amount(let amount, let description, let taxRate, let taxCodeID) = draft.content {
            if let party, let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: party.currency.minorUnits) {
                errors.append(error)
            }
            errors += TextField.violations(description, at: "description", maxLength: 500)
            if let taxRate, let error = AmountLimits.percentViolation(taxRate, at: "taxRate") { errors.append(error) }
            amountTaxCode = InvoiceLineResolver.taxCode(
                taxCodeID, rate: taxRate, at: "taxCodeId", allowArchived: false,
                codes: try TaxCodeRepository(db).codes(taxCodeID.map { [$0] } ?? []), errors: &errors)
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
                        taxRate: $0.taxCodeID == nil ? $0.taxRate : nil, incomeAccountID: draft.incomeAccountID,
                        taxCodeID: $0.taxCodeID, campaign: $0.campaign)
                }, discount: draft.discount, currency: party.currency, pricesIncludeTax: draft.pricesIncludeTax
            ).lines
            calculatorLines = lines
        case .amount(let amount, let description, let taxRate, _):
            let account = try draft.incomeAccountID ?? AccountRepository(db).account(role: .salesIncome).id
            incomeAccount = account
            lines = []
            calculatorLines = [
                ResolvedLine(
                    itemID: draft.itemID, description: description, quantity: 1, unitPrice: amount,
                    taxRate: amountTaxCode?.rate ?? taxRate, incomeAccountID: account)
            ]
        }
        // The discount must fit what it discounts: check it on the amounts each posting will have.
        _ = try InvoiceLineResolver.amounts(
            calculatorLines, discount: draft.discount, currency: party.currency, pricesIncludeTax: draft.pricesIncludeTax)
        var amount: ExactDecimal?
        var description: String?
        var taxRate: ExactDecimal?
        if case .amount(let value, let text, let rate, _) = draft.content {
            amount = value
            description = text
            taxRate = amountTaxCode?.rate ?? rate
        }
        return Prepared(
            fields: [
                draft.content.mode, amount, description, incomeAccount, draft.discount?.kind, draft.discount?.value,
                draft.paymentTermsDays ?? party.paymentTermsDays, party.currency.code, draft.statementReference, taxRate,
                amountTaxCode?.id,
            ],
            lines: lines, currency: party.currency)
    }

    static func lineParameters(_ lines: [ResolvedLine]) -> [any PostgresEncodable] {
        [
            SQLArray(lines.map(\.itemID)), SQLArray(lines.map { Optional($0.description) }), SQLArray(lines.map(\.quantity)),
            SQLArray(lines.map(\.unitPrice)), SQLArray(lines.map(\.taxRate)), SQLArray(lines.map(\.taxCodeID)),
            SQLArray(lines.map(\.campaign)),
        ]
    }

    /// Product lines of the given setups, by setup.
    static func lines(_ ids: [UUID], on db: PostgresConnection) throws -> [UUID: [RecurringInvoiceLine]] {
        try db.children(RecurringInvoiceSetupStatements.lines, of: ids, parent: "setup_id") { row in
            RecurringInvoiceLine(
                itemID: try row.decode(UUID.self, "item_id"), description: try row.decode(String.self, "description"),
                quantity: try row.decode(ExactDecimal.self, "quantity"),
                unitPrice: try row.decode(ExactDecimal.self, "unit_price"),
                taxRate: try row.decode(ExactDecimal?.self, "tax_rate"),
                taxCodeID: try row.decode(UUID?.self, "tax_code_id"), campaign: try row.decode(String?.self, "campaign"))
        }
    }

    /// - Parameter schedule: the row's schedule when already decoded (the EOD's batches), else read from the row.
    static func setup(_ row: PostgresRow, lines: [UUID: [RecurringInvoiceLine]], schedule: Schedule? = nil) throws
        -> RecurringInvoiceSetup
    {
        let id = try row.decode(UUID.self, "id")
        let content: RecurringInvoiceContent
        if try row.decode(String.self, "mode") == "amount" {
            content = .amount(
                try row.decode(ExactDecimal.self, "amount"), description: try row.decode(String.self, "description"),
                taxRate: try row.decode(ExactDecimal?.self, "tax_rate"), taxCodeID: try row.decode(UUID?.self, "tax_code_id"))
        } else {
            content = .products(lines[id] ?? [])
        }
        return RecurringInvoiceSetup(
            id: id, partyID: try row.decode(UUID.self, "party_id"), itemID: try row.decode(UUID?.self, "item_id"),
            salesOrderID: try row.decode(UUID?.self, "sales_order_id"),
            sourceInvoiceID: try row.decode(UUID?.self, "source_invoice_id"), content: content,
            incomeAccountID: try row.decode(UUID?.self, "income_account_id"), discount: try LedgerSQL.discount(row),
            paymentTermsDays: try row.decode(Int.self, "payment_terms_days"), currency: try LedgerSQL.currency(row),
            statementReference: try row.decode(String.self, "statement_reference"),
            pricesIncludeTax: try row.decode(Bool.self, "prices_include_tax"),
            recurring: try RecurringTemplate(row: row, schedule: schedule),
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
