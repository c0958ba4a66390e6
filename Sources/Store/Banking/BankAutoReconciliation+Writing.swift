import Domain
import Foundation
import Postgres

/// Auto-reconcile's writes for one chunk of plans: the journal entries with their lines, the payments with their
/// allocations, the invoices' paid amounts and statuses, and the lines' links, one statement each.
///
/// A rule's line gets an entry of its own (unreconciling it reverses that entry). The payments share entries
/// (docs/banking.md, "Payments share an entry"): one per booking date and receivable account, of at most
/// ``paymentsPerEntry`` payments, as an accountant books a deposit: line 1 debits the bank with their sum, then each
/// payment's receivable credit (its party, invoice and memo). A payment names its own lines (`entry_first_line`,
/// `entry_last_line`) and the bank's line (`entry_bank_line`), so reversing one payment reverses its lines and takes
/// its amount off the bank. Every entry's accounts are still one payment's (the bank and one receivable): the
/// summaries that file a movement by its entry's accounts see what they saw with an entry per payment.
extension BankAutoReconciliation {
    /// The most payments one shared entry holds (one line each, and the bank's).
    static let paymentsPerEntry = 500

    func write(_ plans: [Plan], currency: Currency, bankAccount: BankAccount, _ db: PostgresConnection) throws {
        guard !plans.isEmpty else { return }
        var entries = EntryColumns()
        var lines = LineColumns()
        for plan in plans where plan.payment == nil {
            entries.append(plan.entryID, plan.entry.date, memo: plan.entry.memo, sourceType: plan.entry.sourceType, sourceID: plan.entry.sourceID)
            lines.append(plan.entry.lines, entry: plan.entryID, from: 1)
        }
        // The payments' plans grouped by entry, in the order first seen: (date, receivable) and then by size.
        struct Key: Hashable { let date: CalendarDate, receivable: UUID }
        var groups = [[Int]](), open = [Key: Int]()
        for (index, plan) in plans.enumerated() where plan.payment != nil {
            let key = Key(date: plan.entry.date, receivable: plan.entry.lines.last?.accountID ?? bankAccount.ledgerAccountID)
            if let group = open[key], groups[group].count < Self.paymentsPerEntry {
                groups[group].append(index)
            } else {
                open[key] = groups.count
                groups.append([index])
            }
        }
        var paymentLines = [Int: (entry: UUID, first: Int, last: Int)]()
        for group in groups {
            let entry = UUID(), date = plans[group[0]].entry.date
            entries.append(entry, date, memo: "Payments of bank lines", sourceType: "bankPayments", sourceID: bankAccount.id)
            let deposit = try group.map { plans[$0].entry.lines[0].amount }.sum()
            lines.append([JournalLineDraft(accountID: bankAccount.ledgerAccountID, side: .debit, amount: deposit)], entry: entry, from: 1)
            var next = 2
            for index in group {
                let own = plans[index].entry.lines.dropFirst().map { line in
                    var line = line
                    line.memo = line.memo ?? plans[index].entry.memo
                    return line
                }
                lines.append(own, entry: entry, from: next)
                paymentLines[index] = (entry, next, next + own.count - 1)
                next += own.count
            }
        }
        try db.query(BankingStatements.postEntries, [currency.code as any PostgresEncodable] + entries.values + lines.values)

        let payments = plans.compactMap { plan in plan.payment.map { (plan, $0) } }
        let placed = plans.indices.compactMap { paymentLines[$0] }
        let entryIDs: [UUID] = placed.map(\.entry), firstLines: [Int] = placed.map(\.first), lastLines: [Int] = placed.map(\.last)
        if !payments.isEmpty {
            let ids = SQLArray(payments.map { $0.1.id })
            let invoiceIDs = SQLArray(payments.map { $0.1.invoiceID })
            let amounts = SQLArray(payments.map { $0.0.line.line.amount })
            try db.query(
                BankingStatements.insertPayments,
                [
                    currency.code, PaymentMethod.bankTransfer.rawValue, bankAccount.ledgerAccountID, ids,
                    SQLArray(payments.map { $0.1.partyID }), SQLArray(payments.map { Optional($0.0.line.line.bookingDate.description) }),
                    amounts, SQLArray(payments.map { $0.1.reference }), SQLArray(entryIDs),
                    SQLArray(firstLines), SQLArray(lastLines),
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
