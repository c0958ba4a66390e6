import Domain
import Foundation
import Postgres

/// Credit notes of the tenant the connection is bound to: issuing one against an invoice, reading, listing; and
/// the customer credit they leave (``refund(_:_:)``, ``applyCredit(to:amount:on:)``).
///
/// Every write runs atomically in a savepoint of the caller's transaction, under the invoice's row lock: two credit
/// notes on one invoice queue, so together they never credit more than its total.
public struct CreditNoteRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Issues a credit note against invoice `invoiceID`: computes the credited lines (``CreditNoteCalculator``),
    /// takes the next credit-note number, posts the reversal of the credited part, and settles the invoice with it
    /// up to what the invoice still owes; the rest becomes a customer credit.
    /// - Throws: ``LedgerError/conflict(_:)`` for a draft or void invoice; ``LedgerError/validation(_:)`` at
    ///   `amount`, `lines/N/…` (over-crediting), `creditDate` (before the invoice date), `reason`, or the document
    ///   (already fully credited).
    public func issue(against invoiceID: UUID, _ draft: CreditNoteDraft, today: CalendarDate) throws -> CreditNote {
        let id = UUID()
        try db.transaction { db in
            let invoice = try InvoiceRepository(db).lockRow(invoiceID)
            let status = try LedgerSQL.value(InvoiceStatus.self, invoice, "status")
            switch status {
            case .draft: throw LedgerError.conflict("a draft invoice is edited or deleted, not credited")
            case .void: throw LedgerError.conflict("a void invoice cannot be credited")
            default: break
            }
            let currency = try LedgerSQL.currency(invoice)
            let invoiceDate = try LedgerSQL.date(invoice, "invoice_date")
            let numbering = InvoiceNumbering(db, .creditNotes)
            let dating = try numbering.dating()
            // By default today, or later when the invoice or the last credit note is dated later.
            let date = draft.creditDate ?? max(max(today, invoiceDate), dating.earliest ?? invoiceDate)
            var errors = TextField.violations(draft.reason, at: "reason", maxLength: 500)
            if date < invoiceDate {
                errors.append(
                    FieldViolation(path: "creditDate", code: .outOfRange, message: "must not be before the invoice date \(invoiceDate)"))
            } else if let early = dating.violation(date, at: "creditDate", numbering: "credit note") {
                errors.append(early)
            }
            let rows = try db.query(CreditNoteStatements.creditableLines, [invoiceID])
            let lines = try rows.map(Self.creditable)
            var taxAccounts = [Int: UUID]()
            var campaigns = [Int: String]()
            for row in rows {
                let lineNumber = try row.decode(Int.self, "line_no")
                taxAccounts[lineNumber] = try row.decode(UUID?.self, "tax_account_id")
                campaigns[lineNumber] = try row.decode(String?.self, "campaign")
            }
            let amounts: CreditNoteAmounts
            do {
                amounts = try CreditNoteCalculator.compute(draft.request, lines: lines, minorUnits: currency.minorUnits)
            } catch let error as FieldViolations {
                throw LedgerError.validation(FieldViolations(errors + error.errors))
            }
            try LedgerError.check(errors)

            let total = try invoice.decode(ExactDecimal.self, "total")
            let paid = try invoice.decode(ExactDecimal.self, "amount_paid")
            let applied = try invoice.decode(ExactDecimal.self, "credit_applied")
            let owed = try total.subtracting(paid).subtracting(applied)
            let settled = min(amounts.total, owed)
            let customerCredit = try amounts.total.subtracting(settled)
            let partyID = try invoice.decode(UUID.self, "party_id")
            let receivable = try db.query(CreditNoteStatements.receivable, [try invoice.decode(UUID.self, "issue_entry_id")])
                .first(orNotFound: "invoice entry").decode(UUID.self, "account_id")
            let (sequence, number) = try numbering.next(date: date)

            let own = DocumentReference(type: "creditNote", id: id)
            let settles = DocumentReference(type: "invoice", id: invoiceID)
            let posting = try PostingRules.creditNoteIssued(
                receivable: receivable, total: amounts.total, customerCredit: customerCredit,
                lines: amounts.lines.map { ($0.incomeAccount, $0.net) },
                campaigns: amounts.lines.map { campaigns[$0.invoiceLineNumber] },
                taxes: amounts.lines.map { (taxAccounts[$0.invoiceLineNumber], $0.tax) },
                defaultTaxAccount: { try AccountRepository(db).account(role: .taxPayable).id })
            // The receivable line that settles the invoice is filed under it; everything else under the credit note.
            let journalLines = posting.map { line in
                let document = line.account == receivable && line.side == .credit && line.memo == nil ? settles : own
                return JournalLineDraft(line, partyID: partyID, document: document)
            }
            let entry = try JournalRepository(db).post(
                JournalEntryDraft(
                    date: date, currency: currency, memo: "Credit note \(number)", sourceType: "creditNote", sourceID: id,
                    lines: journalLines),
                dateField: "creditDate")
            try db.query(
                CreditNoteStatements.insert,
                [
                    id, invoiceID, partyID, currency.code, sequence, number, LedgerSQL.date(date), draft.reason,
                    amounts.netTotal, amounts.taxTotal, amounts.total, settled, customerCredit, entry,
                ])
            try db.query(
                CreditNoteStatements.insertLines,
                [
                    id, SQLArray(amounts.lines.map(\.invoiceLineNumber)), SQLArray(amounts.lines.map { Optional($0.description) }),
                    SQLArray(amounts.lines.map(\.quantity)), SQLArray(amounts.lines.map(\.taxRate)),
                    SQLArray(amounts.lines.map(\.incomeAccount)), SQLArray(amounts.lines.map(\.net)),
                    SQLArray(amounts.lines.map(\.tax)),
                ])
            let newStatus = InvoiceStatus.settled(total: total, paid: paid, credit: try applied.adding(settled))
            try db.query(CreditNoteStatements.creditInvoice, [invoiceID, amounts.total, settled, newStatus.rawValue])
        }
        return try get(id)
    }

    // MARK: Reading

    /// The credit note with `id`, its lines and the uses of its customer credit.
    public func get(_ id: UUID) throws -> CreditNote {
        guard let row = try db.query(CreditNoteStatements.byID, [id]).first, let note = try withDetails([row]).first else {
            throw LedgerError.notFound(resource: "credit note", id: id.uuidString.lowercased())
        }
        return note
    }

    /// A page of credit notes, newest first, of one party and/or one invoice.
    public func list(_ query: CreditNoteQuery = CreditNoteQuery()) throws -> Page<CreditNote> {
        let rows = try db.query(CreditNoteStatements.list, [query.partyID, query.invoiceID] + query.page.parameters)
        let (page, kept) = try Page.make(rows: rows, limit: query.page.limit) { try $0.decode(UUID.self, "id") }
        return Page(items: try withDetails(kept), next: page.next)
    }

    func withDetails(_ rows: [PostgresRow]) throws -> [CreditNote] {
        let ids = try rows.map { try $0.decode(UUID.self, "id") }
        guard !ids.isEmpty else { return [] }
        let lines = try db.children(CreditNoteStatements.lines, of: ids, parent: "credit_note_id", Self.line)
        let uses = try db.children(CreditNoteStatements.uses, of: ids, parent: "credit_note_id", Self.use)
        return try rows.map { row in
            let id = try row.decode(UUID.self, "id")
            return try Self.note(row, lines: lines[id] ?? [], uses: uses[id] ?? [])
        }
    }

    // MARK: Decoding

    static func creditable(_ row: PostgresRow) throws -> CreditableLine {
        CreditableLine(
            lineNumber: try row.decode(Int.self, "line_no"), description: try row.decode(String.self, "description"),
            quantity: try row.decode(ExactDecimal.self, "quantity"), taxRate: try row.decode(ExactDecimal?.self, "tax_rate"),
            incomeAccount: try row.decode(UUID.self, "income_account_id"), net: try row.decode(ExactDecimal.self, "net_amount"),
            tax: try row.decode(ExactDecimal.self, "tax_amount"), creditedNet: try row.decode(ExactDecimal.self, "credited_net"),
            creditedTax: try row.decode(ExactDecimal.self, "credited_tax"),
            creditedQuantity: try row.decode(ExactDecimal.self, "credited_quantity"))
    }

    static func note(_ row: PostgresRow, lines: [CreditNoteLine], uses: [CustomerCreditUse]) throws -> CreditNote {
        CreditNote(
            id: try row.decode(UUID.self, "id"), invoiceID: try row.decode(UUID.self, "invoice_id"),
            partyID: try row.decode(UUID.self, "party_id"), currency: try LedgerSQL.currency(row),
            sequenceNumber: try row.decode(Int64.self, "sequence_number"), number: try row.decode(String.self, "number"),
            creditDate: try LedgerSQL.date(row, "credit_date"), reason: try row.decode(String?.self, "reason"),
            netTotal: try row.decode(ExactDecimal.self, "net_total"), taxTotal: try row.decode(ExactDecimal.self, "tax_total"),
            total: try row.decode(ExactDecimal.self, "total"),
            invoiceSettled: try row.decode(ExactDecimal.self, "invoice_settled"),
            customerCredit: try row.decode(ExactDecimal.self, "customer_credit"),
            creditUsed: try row.decode(ExactDecimal.self, "credit_used"), entryID: try row.decode(UUID.self, "entry_id"),
            createdAt: try row.decode(Date.self, "created_at"), lines: lines, uses: uses)
    }

    static func line(_ row: PostgresRow) throws -> CreditNoteLine {
        CreditNoteLine(
            lineNumber: try row.decode(Int.self, "line_no"), invoiceLineNumber: try row.decode(Int.self, "invoice_line_no"),
            description: try row.decode(String.self, "description"), quantity: try row.decode(ExactDecimal?.self, "quantity"),
            taxRate: try row.decode(ExactDecimal?.self, "tax_rate"),
            incomeAccountID: try row.decode(UUID.self, "income_account_id"),
            net: try row.decode(ExactDecimal.self, "net_amount"), tax: try row.decode(ExactDecimal.self, "tax_amount"))
    }

    static func use(_ row: PostgresRow) throws -> CustomerCreditUse {
        CustomerCreditUse(
            id: try row.decode(UUID.self, "id"), kind: try LedgerSQL.value(CustomerCreditUseKind.self, row, "kind"),
            date: try LedgerSQL.date(row, "use_date"), amount: try row.decode(ExactDecimal.self, "amount"),
            invoiceID: try row.decode(UUID?.self, "invoice_id"),
            method: try row.decode(String?.self, "method").flatMap(PaymentMethod.init(rawValue:)),
            reference: try row.decode(String?.self, "reference"), bankAccountID: try row.decode(UUID?.self, "bank_account_id"),
            entryID: try row.decode(UUID.self, "entry_id"), createdAt: try row.decode(Date.self, "created_at"))
    }
}
