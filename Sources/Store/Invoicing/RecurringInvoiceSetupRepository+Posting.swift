import Domain
import Foundation
import Postgres

extension RecurringInvoiceSetupRepository {
    /// The next `count` (1…100) postings of a saved setup, computed without writing anything.
    public func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringInvoicePreview] {
        let setup = try get(id)
        return try Self.preview(
            content: setup.content, discount: setup.discount, currency: setup.currency, terms: setup.paymentTermsDays,
            statementReference: setup.statementReference, occurrences: setup.upcomingOccurrences(context: context),
            count: count)
    }

    /// The first `count` (1…100) postings a draft would make if saved: the dry run of the form.
    public func preview(_ draft: RecurringInvoiceSetupDraft, count: Int, context: ScheduleContext) throws
        -> [RecurringInvoicePreview]
    {
        let prepared = try prepare(draft)
        let content: RecurringInvoiceContent
        switch draft.content {
        case .amount: content = draft.content
        case .products:
            content = .products(
                prepared.lines.map {
                    RecurringInvoiceLine(
                        itemID: $0.itemID ?? UUID(), description: $0.description, quantity: $0.quantity,
                        unitPrice: $0.unitPrice, taxRate: $0.taxRate)
                })
        }
        let party = try PartyRepository(db).get(draft.partyID)
        return try Self.preview(
            content: content, discount: draft.discount, currency: prepared.currency,
            terms: draft.paymentTermsDays ?? party.paymentTermsDays, statementReference: draft.statementReference,
            occurrences: draft.schedule.occurrences(context: context), count: count)
    }

    static func preview(
        content: RecurringInvoiceContent, discount: Discount?, currency: Currency, terms: Int, statementReference: String,
        occurrences: OccurrenceSequence, count: Int
    ) throws -> [RecurringInvoicePreview] {
        guard (1...100).contains(count) else { throw LedgerError.invalid("count", .outOfRange, "must be between 1 and 100") }
        let reference: StatementReference
        do { reference = try StatementReference(statementReference) } catch {
            throw LedgerError.validation(FieldViolations([error.fieldViolation(at: "statementReference")]))
        }
        let amounts = try InvoiceLineResolver.amounts(calculatorLines(content), discount: discount, currency: currency)
        var previews = [RecurringInvoicePreview]()
        for occurrence in occurrences.prefix(count) {
            guard let due = occurrence.dueDate.checkedAdding(days: terms) else { break }
            previews.append(
                RecurringInvoicePreview(
                    occurrence: occurrence, invoiceDate: occurrence.postingDate, dueDate: due,
                    statementReference: reference.expand(for: occurrence), currency: currency, amounts: amounts))
        }
        return previews
    }

    /// Lines for the calculator (accounts do not matter for amounts).
    static func calculatorLines(_ content: RecurringInvoiceContent) -> [ResolvedLine] {
        switch content {
        case .products(let lines):
            lines.map {
                ResolvedLine(
                    itemID: $0.itemID, description: $0.description ?? "", quantity: $0.quantity,
                    unitPrice: $0.unitPrice ?? .zero, taxRate: $0.taxRate, incomeAccountID: UUID())
            }
        case .amount(let amount, let description):
            [ResolvedLine(description: description, quantity: 1, unitPrice: amount, incomeAccountID: UUID())]
        }
    }

    /// Posts one occurrence of a setup, inside the caller's transaction (in a savepoint): creates the invoice
    /// (dated the posting date, due on the occurrence's due date plus terms, statement reference expanded), issues
    /// it (next number, Dr party's control account / Cr mapped account(s) and tax payable), records the occurrence
    /// and moves the cursor. All of it or none of it.
    ///
    /// This is the entry point of the EOD worker, which finds what to post with
    /// ``RecurringInvoiceSetup/occurrencesDue(through:context:)``.
    ///
    /// - Throws: ``LedgerError/conflict(_:)`` when the occurrence was already posted (refused by the unique
    ///   constraint on setup and occurrence date), the setup is stopped, or the occurrence was skipped on resume;
    ///   ``LedgerError/validation(_:)`` at `occurrence` when it is not an occurrence of the setup's schedule.
    public func postOccurrence(setupID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> PostedOccurrence {
        let invoiceID = try postOccurrenceInvoiceID(setupID: setupID, occurrence: occurrence, context: context)
        return PostedOccurrence(setupID: setupID, occurrence: occurrence, invoice: try InvoiceRepository(db).get(invoiceID))
    }

    /// ``postOccurrence(setupID:occurrence:context:)`` returning only the new invoice's id, without reading the
    /// invoice back. Checks the occurrence, then posts it through ``RecurringInvoiceBatch``, the EOD's path.
    public func postOccurrenceInvoiceID(setupID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> UUID {
        try db.transaction { db in
            let setup = try setup(try lockRow(setupID))
            guard setup.isActive else { throw LedgerError.conflict("the recurring invoice setup is stopped") }
            guard setup.schedule.occurrences(context: context).occurrence(at: occurrence.index) == occurrence else {
                throw LedgerError.invalid("occurrence", .invalidValue, "is not an occurrence of the setup's schedule")
            }
            if let skip = setup.skipThrough, occurrence.postingDate <= skip {
                throw LedgerError.conflict("the occurrence was skipped when the setup was resumed")
            }
            let posted = try RecurringInvoiceBatch(db: db).post(
                [RecurringInvoiceBatchItem(setupID: setup.id, occurrences: [occurrence], next: nil)])
            guard let invoice = posted.first else { throw PostgresError.invalidUsage("the posting made no invoice") }
            return invoice.id
        }
    }

    /// The invoice every occurrence of a setup produces, before its dates and its statement reference (left
    /// unexpanded) are filled in.
    func invoiceTemplate(_ setup: RecurringInvoiceSetup) throws -> InvoiceDraft {
        let lines: [InvoiceLineDraft]
        switch setup.content {
        case .products(let products):
            lines = products.map {
                InvoiceLineDraft(
                    itemID: $0.itemID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                    taxRate: $0.taxRate, incomeAccountID: setup.incomeAccountID)
            }
        case .amount(let amount, let description):
            lines = [
                InvoiceLineDraft(
                    itemID: setup.itemID, description: description, quantity: 1, unitPrice: amount,
                    incomeAccountID: setup.incomeAccountID)
            ]
        }
        return InvoiceDraft(
            partyID: setup.partyID, paymentTermsDays: setup.paymentTermsDays,
            statementReference: setup.statementReference, discount: setup.discount, lines: lines)
    }
}
