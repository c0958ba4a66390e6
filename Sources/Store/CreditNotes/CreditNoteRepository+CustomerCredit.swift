import Domain
import Foundation
import Postgres

extension CreditNoteRepository {
    /// Refunds a credit note's customer credit (all that is left by default): a payment out, Dr the receivable the
    /// credit sits on, Cr the bank account.
    /// - Throws: ``LedgerError/conflict(_:)`` when no credit is left; ``LedgerError/validation(_:)`` at `amount`
    ///   (more than is left), `reference`, `bankAccountId`.
    public func refund(_ id: UUID, _ draft: CreditRefundDraft) throws -> CreditNote {
        try db.transaction { db in
            let row = try db.query(CreditNoteStatements.lock, [id]).first(orNotFound: "credit note", id: id)
            let note = try Self.note(row, lines: [], uses: [])
            guard note.creditLeft.isPositive else {
                throw LedgerError.conflict("the credit note leaves no customer credit to refund")
            }
            let amount = draft.amount ?? note.creditLeft
            var errors = TextField.violations(draft.reference, at: "reference", maxLength: 200)
            if let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: note.currency.minorUnits) {
                errors.append(error)
            } else if amount > note.creditLeft {
                errors.append(
                    FieldViolation(
                        path: "amount", code: .outOfRange,
                        message: "exceeds the customer credit left on the credit note: \(note.creditLeft.normalized)"))
            }
            let bankAccount = try bankAccount(draft.bankAccountID, errors: &errors)
            try LedgerError.check(errors)
            let receivable = try creditReceivable(note.entryID)
            let own = DocumentReference(type: "creditNote", id: id)
            let entry = try JournalRepository(db).post(
                JournalEntryDraft(
                    date: draft.date, currency: note.currency, memo: "Refund of credit note \(note.number)",
                    sourceType: "creditRefund", sourceID: id,
                    lines: PostingRules.customerCreditRefunded(receivable: receivable, bankAccount: bankAccount, amount: amount)
                        .map { JournalLineDraft($0, partyID: note.partyID, document: own) }))
            try db.query(
                CreditNoteStatements.recordUses,
                [
                    SQLArray([id]), SQLArray([amount]), CustomerCreditUseKind.refund.rawValue, LedgerSQL.date(draft.date),
                    UUID?.none, draft.method.rawValue, draft.reference, bankAccount, SQLArray([entry]),
                ])
        }
        return try get(id)
    }

    /// Applies the party's customer credit to its open invoice `invoiceID` (by default as much as both allow),
    /// taking the oldest credit notes first: per credit note, Dr the receivable under the credit note, Cr the
    /// invoice's receivable under the invoice. Returns the ids of the credit notes used.
    /// - Throws: ``LedgerError/conflict(_:)`` when the invoice is not open or the party has no credit in its
    ///   currency; ``LedgerError/validation(_:)`` at `amount` (more than the invoice owes or the credit left).
    public func applyCredit(to invoiceID: UUID, amount requested: ExactDecimal?, on date: CalendarDate) throws -> [UUID] {
        try db.transaction { db in
            let invoice = try InvoiceRepository(db).lockRow(invoiceID)
            let status = try LedgerSQL.value(InvoiceStatus.self, invoice, "status")
            guard status.isOpen else {
                throw LedgerError.conflict("the invoice is \(status.wireValue): credit applies to issued, unsettled invoices only")
            }
            let currency = try LedgerSQL.currency(invoice)
            let partyID = try invoice.decode(UUID.self, "party_id")
            let total = try invoice.decode(ExactDecimal.self, "total")
            let paid = try invoice.decode(ExactDecimal.self, "amount_paid")
            let applied = try invoice.decode(ExactDecimal.self, "credit_applied")
            let owed = try total.subtracting(paid).subtracting(applied)
            let credits = try db.query(CreditNoteStatements.lockOpenCredit, [partyID, currency.code]).map {
                (id: try $0.decode(UUID.self, "id"), left: try $0.decode(ExactDecimal.self, "credit_left"),
                 entry: try $0.decode(UUID.self, "entry_id"))
            }
            let available = try credits.map(\.left).sum()
            guard available.isPositive else {
                throw LedgerError.conflict("the party has no customer credit in \(currency.code) to apply")
            }
            let amount = requested ?? min(owed, available)
            if let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: currency.minorUnits) {
                throw LedgerError.validation(FieldViolations([error]))
            }
            if amount > owed || amount > available {
                let (limit, what) = amount > owed ? (owed, "what the invoice still owes") : (available, "the party's customer credit")
                throw LedgerError.invalid("amount", .outOfRange, "exceeds \(what): \(limit.normalized)")
            }
            let invoiceReceivable = try db.query(
                CreditNoteStatements.receivable, [try invoice.decode(UUID.self, "issue_entry_id")]
            ).first(orNotFound: "invoice entry").decode(UUID.self, "account_id")
            // Oldest credit first.
            var remaining = amount
            var used = [(id: UUID, amount: ExactDecimal, entry: UUID)]()
            for credit in credits where remaining.isPositive {
                let take = min(credit.left, remaining)
                remaining = try remaining.subtracting(take)
                let lines = PostingRules.customerCreditApplied(
                    creditReceivable: try creditReceivable(credit.entry), invoiceReceivable: invoiceReceivable, amount: take)
                let documents = [DocumentReference(type: "creditNote", id: credit.id), DocumentReference(type: "invoice", id: invoiceID)]
                let entry = try JournalRepository(db).post(
                    JournalEntryDraft(
                        date: date, currency: currency, memo: "Customer credit applied", sourceType: "creditApplication",
                        sourceID: credit.id, lines: zip(lines, documents).map { JournalLineDraft($0, partyID: partyID, document: $1) }))
                used.append((credit.id, take, entry))
            }
            try db.query(
                CreditNoteStatements.recordUses,
                [
                    SQLArray(used.map(\.id)), SQLArray(used.map(\.amount)), CustomerCreditUseKind.application.rawValue,
                    LedgerSQL.date(date), invoiceID, String?.none, String?.none, UUID?.none, SQLArray(used.map(\.entry)),
                ])
            let newStatus = InvoiceStatus.settled(total: total, paid: paid, credit: try applied.adding(amount))
            try db.query(CreditNoteStatements.creditInvoice, [invoiceID, ExactDecimal.zero, amount, newStatus.rawValue])
            return used.map(\.id)
        }
    }

    /// The receivable a credit note's entry credited (its last credit line: the customer credit's).
    private func creditReceivable(_ entry: UUID) throws -> UUID {
        try db.query(CreditNoteStatements.creditReceivable, [entry]).first(orNotFound: "credit note entry")
            .decode(UUID.self, "account_id")
    }

    /// The given asset account (checked) or the bank account.
    private func bankAccount(_ id: UUID?, errors: inout [FieldViolation]) throws -> UUID {
        guard let id else { return try AccountRepository(db).account(role: .bank).id }
        let account = try AccountRepository(db).find(id)
        if account == nil || account?.isArchived == true || account?.type != .asset {
            errors.append(FieldViolation(path: "bankAccountId", code: .invalidValue, message: "must name an active asset account"))
        }
        return id
    }
}
