import Domain
import Foundation
import Postgres

/// Auto-reconcile's writes for one chunk of plans: the journal entries with their lines, the payments with their
/// allocations, the invoices' paid amounts and statuses, and the lines' links, one statement each.
///
/// A rule's line gets an entry of its own (unreconciling it reverses that entry). The payments share entries
/// (docs/banking.md, "Payments share an entry"): one per booking date and receivable account, of at most
/// ``paymentsPerEntry`` payments, each payment's own lines consecutive in it (Dr bank, Cr the receivable; the
/// lines the one-line path writes, its memo on the bank's line) and named by the payment (`entry_first_line`,
/// `entry_last_line`), so reversing one payment reverses its lines only. Every entry's accounts are still one
/// payment's (the bank and one receivable): the summaries that file a movement by its entry's accounts see what they
/// saw with an entry per payment.
extension BankAutoReconciliation {
    /// The most payments one shared entry holds (2 lines each).
    static let paymentsPerEntry = 500

    func write(_ plans: [Plan], currency: Currency, bankAccount: BankAccount, _ db: PostgresConnection) throws {
        guard !plans.isEmpty else { return }
        var entries = EntryColumns()
        var lines = LineColumns()
        for plan in plans where plan.payment == nil {
            entries.append(plan.entryID, plan.entry.date, memo: plan.entry.memo, sourceType: plan.entry.sourceType, sourceID: plan.entry.sourceID)
            lines.append(plan.entry.lines, entry: plan.entryID, from: 1)
        }
        struct Key: Hashable { let date: CalendarDate, receivable: UUID }
        var shared = [Key: (id: UUID, next: Int, payments: Int)]()
        var paymentLines = [(entry: UUID, first: Int, last: Int)]()
        for plan in plans where plan.payment != nil {
            let key = Key(date: plan.entry.date, receivable: plan.entry.lines.last?.accountID ?? bankAccount.ledgerAccountID)
            var entry = shared[key] ?? (id: UUID(), next: 1, payments: 0)
            if entry.payments == Self.paymentsPerEntry { entry = (id: UUID(), next: 1, payments: 0) }
            if entry.payments == 0 {
                entries.append(entry.id, plan.entry.date, memo: "Payments of bank lines", sourceType: "bankPayments", sourceID: bankAccount.id)
            }
            var own = plan.entry.lines
            own[0].memo = plan.entry.memo
            lines.append(own, entry: entry.id, from: entry.next)
            paymentLines.append((entry.id, entry.next, entry.next + own.count - 1))
            entry.next += own.count
            entry.payments += 1
            shared[key] = entry
        }
        try db.query(BankingStatements.postEntries, [currency.code as any PostgresEncodable] + entries.values + lines.values)

        let payments = plans.compactMap { plan in plan.payment.map { (plan, $0) } }
        if !payments.isEmpty {
            let ids = SQLArray(payments.map { $0.1.id })
            let invoiceIDs = SQLArray(payments.map { $0.1.invoiceID })
            let amounts = SQLArray(payments.map { $0.0.line.line.amount })
            try db.query(
                BankingStatements.insertPayments,
                [
                    currency.code, PaymentMethod.bankTransfer.rawValue, bankAccount.ledgerAccountID, ids,
                    SQLArray(payments.map { $0.1.partyID }), SQLArray(payments.map { Optional($0.0.line.line.bookingDate.description) }),
                    amounts, SQLArray(payments.map { $0.1.reference }), SQLArray(paymentLines.map(\.entry)),
                    SQLArray(paymentLines.map(\.first)), SQLArray(paymentLines.map(\.last)),
                ])
            try db.query(BankingStatements.insertManyAllocations, [ids, invoiceIDs, amounts])
            try db.query(PaymentStatements.applyAllocations, [invoiceIDs, amounts, ExactDecimal(1)])
        }
        try db.query(
            BankingStatements.markManyReconciled,
            [
                SQLArray(plans.map(\.line.id)), SQLArray(plans.map { $0.payment?.id }),
                SQLArray(plans.map { $0.payment == nil ? Optional($0.entryID) : nil }),
            ])
    }

    /// `postEntries`' entry columns ($2–$6).
    private struct EntryColumns {
        var ids = [UUID](), dates = [String?](), memos = [String?](), sourceTypes = [String?](), sourceIDs = [UUID?]()

        mutating func append(_ id: UUID, _ date: CalendarDate, memo: String?, sourceType: String, sourceID: UUID?) {
            ids.append(id)
            dates.append(date.description)
            memos.append(memo)
            sourceTypes.append(sourceType)
            sourceIDs.append(sourceID)
        }

        var values: [any PostgresEncodable] {
            [SQLArray(ids), SQLArray(dates), SQLArray(memos), SQLArray(sourceTypes), SQLArray(sourceIDs)]
        }
    }

    /// `postEntries`' line columns ($7–$15).
    private struct LineColumns {
        var entries = [UUID](), numbers = [Int](), accounts = [UUID](), debits = [ExactDecimal](), credits = [ExactDecimal]()
        var parties = [UUID?](), memos = [String?](), documentTypes = [String?](), documentIDs = [UUID?]()

        mutating func append(_ lines: [JournalLineDraft], entry: UUID, from first: Int) {
            for (offset, line) in lines.enumerated() {
                entries.append(entry)
                numbers.append(first + offset)
                accounts.append(line.accountID)
                debits.append(line.side == .debit ? line.amount : .zero)
                credits.append(line.side == .credit ? line.amount : .zero)
                parties.append(line.partyID)
                memos.append(line.memo)
                documentTypes.append(line.document?.type)
                documentIDs.append(line.document?.id)
            }
        }

        var values: [any PostgresEncodable] {
            [
                SQLArray(entries), SQLArray(numbers), SQLArray(accounts), SQLArray(debits), SQLArray(credits), SQLArray(parties),
                SQLArray(memos), SQLArray(documentTypes), SQLArray(documentIDs),
            ]
        }
    }
}
