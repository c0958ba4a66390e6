import Domain
import Foundation
import Postgres

/// Invoices of the tenant the connection is bound to: drafts, issuing (numbering and the GL entry), voiding,
/// listing.
///
/// Every write runs atomically in a savepoint of the caller's transaction (or its own transaction when there is
/// none): on any error nothing of it remains and the caller's transaction stays usable.
public struct InvoiceRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Links a generated invoice keeps to what generated it.
    struct Origin {
        var recurringSetupID: UUID? = nil
        var salesOrderID: UUID? = nil
    }

    // MARK: Drafts

    /// Creates a draft: lines are filled from their items and every amount is computed and stored.
    /// - Throws: ``LedgerError/validation(_:)`` with paths `partyId`, `paymentTermsDays`, `statementReference`,
    ///   `discount/value`, `lines`, `lines/N/…`.
    public func createDraft(_ draft: InvoiceDraft) throws -> Invoice {
        try get(createDraft(draft, origin: Origin()))
    }

    func createDraft(_ draft: InvoiceDraft, origin: Origin, allowArchivedItems: Bool = false) throws -> UUID {
        let prepared = try prepare(draft, allowArchivedItems: allowArchivedItems)
        return try db.transaction { db in
            let id = try db.query(
                InvoiceStatements.insert,
                prepared.headerParameters + [origin.recurringSetupID, origin.salesOrderID]
            ).first(orNotFound: "invoice").decode(UUID.self, "id")
            try db.query(InvoiceStatements.insertLines, [id] + prepared.lineParameters)
            return id
        }
    }

    /// Replaces a draft's party, dates, terms, discount and lines.
    /// - Throws: ``LedgerError/conflict(_:)`` unless it is a draft.
    public func replaceDraft(_ id: UUID, _ draft: InvoiceDraft) throws -> Invoice {
        try db.transaction { db in
            let lock = try lockRow(id)
            guard try lock.decode(String.self, "status") == InvoiceStatus.draft.rawValue else {
                throw LedgerError.conflict("only a draft invoice can be edited")
            }
            let prepared = try prepare(draft)
            try db.query(InvoiceStatements.updateDraft, [id] + prepared.headerParameters)
            try db.query(InvoiceStatements.deleteLines, [id])
            try db.query(InvoiceStatements.insertLines, [id] + prepared.lineParameters)
        }
        return try get(id)
    }

    /// Deletes a draft (an issued invoice is voided instead).
    public func deleteDraft(_ id: UUID) throws {
        try db.transaction { db in
            let lock = try lockRow(id)
            guard try lock.decode(String.self, "status") == InvoiceStatus.draft.rawValue else {
                throw LedgerError.conflict("only a draft invoice can be deleted; void an issued one")
            }
            try db.query(InvoiceStatements.deleteDraft, [id])
        }
    }

    // MARK: Reading

    /// The invoice with `id` and its lines.
    public func get(_ id: UUID) throws -> Invoice {
        let row = try db.query(InvoiceStatements.byID, [id]).first(orNotFound: "invoice", id: id)
        guard let invoice = try withLines([row]).first else { throw LedgerError.notFound(resource: "invoice", id: id.uuidString.lowercased()) }
        return invoice
    }

    /// A page of invoices, newest first, filtered by status, overdue date, party and invoice-date range.
    public func list(_ query: InvoiceQuery = InvoiceQuery()) throws -> Page<Invoice> {
        let parameters: [any PostgresEncodable] =
            [
                query.status?.rawValue, LedgerSQL.date(query.overdueOn), query.partyID, LedgerSQL.date(query.from),
                LedgerSQL.date(query.through),
            ] + query.page.parameters
        let rows = try db.query(InvoiceStatements.list, parameters)
        let (page, kept) = try Page.make(rows: rows, limit: query.page.limit) { try $0.decode(UUID.self, "id") }
        return Page(items: try withLines(kept), next: page.next)
    }

    // MARK: Issuing and voiding

    /// Issues a draft: takes the next number, posts Dr party's control account (total) / Cr each income account
    /// (net) / Cr tax payable (tax), and sets the dates: the draft's invoice date, else `today`; due date = invoice
    /// date + terms.
    /// The "invoice issued" e-mail is queued in the same transaction (docs/delivery.md).
    /// - Throws: ``LedgerError/conflict(_:)`` unless it is a draft; ``LedgerError/validation(_:)`` when the total is
    ///   zero or a posting is refused (an archived account).
    ///
    /// A plain invoice (not a sale's, not a recurring one's) that sells an item whose recurring template triggers
    /// automatically creates that setup too, once per such line, in the same transaction
    /// (``RecurringInvoiceKind/autoTrigger(_:partyID:on:origin:on:)``).
    public func issue(_ id: UUID, today: CalendarDate) throws -> Invoice {
        try db.transaction { db in
            try InvoiceRepository(db).issue(id, today: today, dueDate: nil)
            _ = try InvoiceIssuedNotification.write(invoiceIDs: [id], on: db)
            let invoice = try InvoiceRepository(db).get(id)
            guard invoice.salesOrderID == nil, invoice.recurringSetupID == nil, let date = invoice.invoiceDate else { return }
            _ = try RecurringInvoiceKind.autoTrigger(
                invoice.lines.compactMap { line in
                    line.itemID.map {
                        RecurringInvoiceLine(
                            itemID: $0, description: line.description, quantity: line.quantity, unitPrice: line.unitPrice,
                            taxRate: line.taxRate, taxCodeID: line.taxCodeID)
                    }
                }, partyID: invoice.partyID, on: date, origin: AutoTriggerOrigin(invoiceID: id), on: db)
        }
        return try get(id)
    }

    /// How issuing treats an invoice date the sequence or the lock date does not allow (``InvoiceDating``).
    enum DateRule {
        /// Refuse it, naming the earliest allowed date (422 at `field`): invoices issued by hand and sales orders.
        case refuse(at: String)
        /// Date it per ``InvoiceDating/occurrenceInvoiceDate(postingDate:eodDate:)``: the EOD's date, moved
        /// forward to the earliest allowed one (recurring occurrences).
        case occurrence(eodDate: CalendarDate?)
    }

    /// Issues with an explicit due date (recurring occurrences: the occurrence's due date + terms).
    func issue(_ id: UUID, today: CalendarDate, dueDate: CalendarDate?, dating rule: DateRule = .refuse(at: "invoiceDate")) throws {
        try db.transaction { db in
            let row = try lockRow(id)
            let status = try LedgerSQL.value(InvoiceStatus.self, row, "status")
            guard status == .draft else { throw LedgerError.conflict("the invoice is already \(status.wireValue)") }
            let total = try row.decode(ExactDecimal.self, "total")
            guard total.isPositive else {
                throw LedgerError.invalid("lines", .outOfRange, "the invoice total must be greater than zero to issue it")
            }
            let currency = try LedgerSQL.currency(row)
            let partyID = try row.decode(UUID.self, "party_id")
            var date = try LedgerSQL.optionalDate(row, "invoice_date") ?? today
            // The counter row stays locked to COMMIT from here: no other number, nor lock date, can intervene.
            let numbering = InvoiceNumbering(db)
            let allowed = try numbering.dating()
            let dateField: String
            switch rule {
            case .refuse(let field):
                dateField = field
                try LedgerError.check([allowed.violation(date, at: field)].compactMap { $0 })
            case .occurrence(let eodDate):
                dateField = "invoiceDate"
                date = allowed.occurrenceInvoiceDate(postingDate: date, eodDate: eodDate)
            }
            let terms = try row.decode(Int.self, "payment_terms_days")
            guard let due = dueDate ?? date.checkedAdding(days: terms) else {
                throw LedgerError.invalid(dateField, .outOfRange, "leaves no room for the due date")
            }
            let document = DocumentReference(type: "invoice", id: id)
            let (sequence, number) = try numbering.next(date: date)

            let nets = try db.query(InvoiceStatements.lineNets, [id])
            let lines = try PostingRules.invoiceIssued(
                controlAccount: try row.decode(UUID.self, "control_account_id"), total: total,
                lines: try nets.map {
                    (try $0.decode(UUID.self, "income_account_id"), try $0.decode(ExactDecimal.self, "net_amount"))
                },
                campaigns: try nets.map { try $0.decode(String?.self, "campaign") },
                taxes: try nets.map {
                    (try $0.decode(UUID?.self, "tax_account_id"), try $0.decode(ExactDecimal.self, "tax_amount"))
                },
                defaultTaxAccount: { try AccountRepository(db).account(role: .taxPayable).id }
            ).map { JournalLineDraft($0, partyID: partyID, document: document) }
            let entry = try JournalRepository(db).post(
                JournalEntryDraft(
                    date: date, currency: currency, memo: "Invoice \(number)", sourceType: "invoice", sourceID: id,
                    lines: lines), dateField: dateField)
            try db.query(
                InvoiceStatements.markIssued,
                [id, sequence, number, LedgerSQL.date(date), LedgerSQL.date(due), entry])
        }
    }

    /// Voids an unpaid issued invoice: posts the reverse of its issue entry, dated `date`. The number stays used.
    /// - Throws: ``LedgerError/conflict(_:)`` for a draft, a void invoice, or one with payments (reverse them first).
    public func void(_ id: UUID, on date: CalendarDate) throws -> Invoice {
        try db.transaction { db in
            let row = try lockRow(id)
            let status = try LedgerSQL.value(InvoiceStatus.self, row, "status")
            switch status {
            case .issued: break
            case .draft: throw LedgerError.conflict("a draft invoice is deleted, not voided")
            case .void: throw LedgerError.conflict("the invoice is already void")
            case .partiallyPaid, .paid: throw LedgerError.conflict("the invoice has payments: reverse them first")
            case .credited: throw LedgerError.conflict("the invoice has credit notes: a credited invoice is not voided")
            }
            guard try row.decode(ExactDecimal.self, "amount_credited").isZero else {
                throw LedgerError.conflict("the invoice has credit notes: a credited invoice is not voided")
            }
            let number = try row.decode(String?.self, "number") ?? ""
            let reversal = try JournalRepository(db).reverse(
                try row.decode(UUID.self, "issue_entry_id"), on: date, memo: "Void of invoice \(number)",
                sourceType: "invoiceVoid", sourceID: id)
            try db.query(InvoiceStatements.markVoid, [id, reversal])
        }
        return try get(id)
    }

    // MARK: Helpers

    /// The locked invoice row (with its party's control account); not found if absent.
    func lockRow(_ id: UUID) throws -> PostgresRow {
        return try db.query(InvoiceStatements.lock, [id]).first(orNotFound: "invoice", id: id)
    }

    /// A validated draft's parameters: header ($party … $total) and line arrays.
    struct Prepared {
        var headerParameters: [any PostgresEncodable]
        var lineParameters: [any PostgresEncodable]
    }

    /// Recurring postings keep billing an item archived since the setup was made (`allowArchivedItems`).
    func prepare(_ draft: InvoiceDraft, allowArchivedItems: Bool = false) throws -> Prepared {
        let party = try Self.checkHeader(draft, party: try PartyRepository(db).find(draft.partyID))
        let (lines, amounts) = try InvoiceLineResolver(db: db).prepare(
            draft.lines, discount: draft.discount, currency: party.currency, allowArchivedItems: allowArchivedItems,
            pricesIncludeTax: draft.pricesIncludeTax)
        return Prepared(
            headerParameters: [
                party.id, party.currency.code, LedgerSQL.date(draft.invoiceDate),
                draft.paymentTermsDays ?? party.paymentTermsDays, draft.statementReference, draft.discount?.kind,
                draft.discount?.value, amounts.subtotal, amounts.discountTotal, amounts.taxTotal, amounts.total,
                draft.pricesIncludeTax,
            ],
            lineParameters: Self.lineParameters(lines, amounts))
    }

    /// Checks a draft's header fields against its party (`nil`: not found) and returns the party.
    /// - Throws: ``LedgerError/validation(_:)`` at `paymentTermsDays`, `statementReference`, `partyId`.
    static func checkHeader(_ draft: InvoiceDraft, party: Party?) throws -> Party {
        var errors = PaymentTerms.violations(draft.paymentTermsDays, at: "paymentTermsDays")
        errors += TextField.violations(draft.statementReference, at: "statementReference", maxLength: 500)
        guard let party else {
            throw LedgerError.validation(
                FieldViolations(errors + [FieldViolation(path: "partyId", code: .invalidValue, message: "names no party")]))
        }
        if party.archivedAt != nil {
            errors.append(FieldViolation(path: "partyId", code: .invalidValue, message: "names an archived party"))
        }
        try LedgerError.check(errors)
        return party
    }

    static func lineParameters(_ lines: [ResolvedLine], _ amounts: InvoiceAmounts) -> [any PostgresEncodable] {
        [
            SQLArray(lines.map(\.itemID)), SQLArray(lines.map { Optional($0.description) }),
            SQLArray(lines.map(\.quantity)), SQLArray(lines.map(\.unitPrice)), SQLArray(lines.map { $0.discount?.kind }),
            SQLArray(lines.map { $0.discount?.value }), SQLArray(lines.map(\.taxRate)),
            SQLArray(lines.map(\.incomeAccountID)), SQLArray(amounts.lines.map(\.gross)),
            SQLArray(amounts.lines.map(\.discount)), SQLArray(amounts.lines.map(\.net)), SQLArray(amounts.lines.map(\.tax)),
            SQLArray(lines.map(\.taxCodeID)), SQLArray(lines.map(\.campaign)),
        ]
    }

    /// Invoices for `rows` (in order) with their lines, read in one query.
    func withLines(_ rows: [PostgresRow]) throws -> [Invoice] {
        let ids = try rows.map { try $0.decode(UUID.self, "id") }
        guard !ids.isEmpty else { return [] }
        let lines = try db.children(InvoiceStatements.lines, of: ids, parent: "invoice_id", Self.line)
        return try rows.map { try Self.invoice($0, lines: lines[try $0.decode(UUID.self, "id")] ?? []) }
    }

    static func invoice(_ row: PostgresRow, lines: [InvoiceLine]) throws -> Invoice {
        Invoice(
            id: try row.decode(UUID.self, "id"), partyID: try row.decode(UUID.self, "party_id"),
            status: try LedgerSQL.value(InvoiceStatus.self, row, "status"), currency: try LedgerSQL.currency(row),
            sequenceNumber: try row.decode(Int64?.self, "sequence_number"), number: try row.decode(String?.self, "number"),
            invoiceDate: try LedgerSQL.optionalDate(row, "invoice_date"), dueDate: try LedgerSQL.optionalDate(row, "due_date"),
            paymentTermsDays: try row.decode(Int.self, "payment_terms_days"),
            statementReference: try row.decode(String?.self, "statement_reference"), discount: try LedgerSQL.discount(row),
            subtotal: try row.decode(ExactDecimal.self, "subtotal"),
            discountTotal: try row.decode(ExactDecimal.self, "discount_total"),
            taxTotal: try row.decode(ExactDecimal.self, "tax_total"), total: try row.decode(ExactDecimal.self, "total"),
            amountPaid: try row.decode(ExactDecimal.self, "amount_paid"),
            amountCredited: try row.decode(ExactDecimal.self, "amount_credited"),
            creditApplied: try row.decode(ExactDecimal.self, "credit_applied"),
            recurringSetupID: try row.decode(UUID?.self, "recurring_setup_id"),
            salesOrderID: try row.decode(UUID?.self, "sales_order_id"),
            issueEntryID: try row.decode(UUID?.self, "issue_entry_id"), voidEntryID: try row.decode(UUID?.self, "void_entry_id"),
            issuedAt: try row.decode(Date?.self, "issued_at"), voidedAt: try row.decode(Date?.self, "voided_at"),
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"),
            occurrenceDate: try LedgerSQL.optionalDate(row, "occurrence_date"),
            periodStart: try LedgerSQL.optionalDate(row, "period_start"), periodEnd: try LedgerSQL.optionalDate(row, "period_end"),
            pricesIncludeTax: try row.decode(Bool.self, "prices_include_tax"), lines: lines)
    }

    static func line(_ row: PostgresRow) throws -> InvoiceLine {
        InvoiceLine(
            lineNumber: try row.decode(Int.self, "line_no"), itemID: try row.decode(UUID?.self, "item_id"),
            description: try row.decode(String.self, "description"), quantity: try row.decode(ExactDecimal.self, "quantity"),
            unitPrice: try row.decode(ExactDecimal.self, "unit_price"), discount: try LedgerSQL.discount(row),
            taxRate: try row.decode(ExactDecimal?.self, "tax_rate"), taxCodeID: try row.decode(UUID?.self, "tax_code_id"),
            incomeAccountID: try row.decode(UUID.self, "income_account_id"), campaign: try row.decode(String?.self, "campaign"),
            gross: try row.decode(ExactDecimal.self, "gross_amount"),
            discountAmount: try row.decode(ExactDecimal.self, "discount_amount"),
            net: try row.decode(ExactDecimal.self, "net_amount"), tax: try row.decode(ExactDecimal.self, "tax_amount"))
    }
}
