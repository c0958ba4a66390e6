import Domain
import Foundation
import Postgres
import Synchronization
import Threading

/// Transactions on connections of their own, in which auto-reconcile writes its chunks, `lanes` at once, each chunk
/// committed by itself (docs/banking.md, "Auto-reconcile in lanes"). `transaction` runs its body in a new transaction
/// of the tenant's (committed when the body returns).
public struct ChunkWriters: Sendable {
    public let lanes: Int
    /// The lines of one chunk (its statements and its transaction).
    public let linesPerChunk: Int
    public let transaction: @Sendable (_ body: (PostgresConnection) throws -> Void) throws -> Void

    public init(
        lanes: Int, linesPerChunk: Int = ChunkWriters.defaultLinesPerChunk,
        transaction: @escaping @Sendable (_ body: (PostgresConnection) throws -> Void) throws -> Void
    ) {
        self.lanes = lanes
        self.linesPerChunk = max(1, linesPerChunk)
        self.transaction = transaction
    }

    /// 5,000 lines: every statement of a chunk far under a request's statement timeout (one statement for 90,000
    /// entries and 180,000 journal lines ran past 30 s on a loaded machine).
    public static let defaultLinesPerChunk = 5_000
}

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

    /// Writes selected chunks: locks each chunk's lines and invoices, checks again under those locks what the
    /// selection read without them (a person may have reconciled a line or paid an invoice since), and writes.
    struct ChunkWriter: Sendable {
        let account: BankAccount

        /// One chunk, in `db`'s transaction; its statements in a savepoint. A chunk the database refuses (an archived
        /// receivable account, …) goes through the one-line path line by line, which leaves exactly the refused lines
        /// for a person; a deadlock with another lane is tried again; a timeout, or a tenant frozen for a move (its
        /// transactions read-only), is not a refusal: it fails the run (503).
        func write(_ chunk: SelectedChunk, _ db: PostgresConnection) throws -> Counts {
            guard !chunk.lineIDs.isEmpty else { return Counts() }
            let open = Set(try db.query(BankingStatements.lockLinesIfUnreconciled, [SQLArray(chunk.lineIDs)]).map { try $0.decode(UUID.self, "id") })
            let plans = chunk.rulePlans.filter { open.contains($0.line.id) }
                + (try paymentPlans(chunk.matches.filter { open.contains($0.line.id) }, db))
            var attempt = 1
            while true {
                do {
                    try db.transaction { db in try post(plans, db) }
                    let matches = plans.filter { $0.payment != nil }.count
                    return Counts(byRule: plans.count - matches, byMatch: matches)
                } catch let error as PostgresError where error.sqlState == .deadlockDetected && attempt < Self.attempts {
                    attempt += 1
                } catch let error as PostgresError where !Self.failsTheRun(error) {
                    return try oneByOne(plans, db)
                }
            }
        }

        /// How often a chunk is written before a deadlock fails the run.
        static let attempts = 3

        /// A statement timeout or a read-only tenant: no line of the chunk could be written, by any path.
        static func failsTheRun(_ error: PostgresError) -> Bool {
            error.sqlState == .queryCanceled || error.sqlState == .readOnlySQLTransaction
        }

        /// Chunks `0..<count` in `writers.lanes` lanes at once, each chunk in a transaction of its own. Each lane
        /// writes a contiguous run of chunks in booking order: chunks far apart in booking dates share no summary rows
        /// (a month's balance, a due date's), which a chunk holds locked until it commits, so the lanes do not wait
        /// for each other (chunks next to each other would: docs/banking.md, "Auto-reconcile in lanes"). A lane's
        /// failure stops every lane before its next chunk and is thrown; the chunks already committed stay (each
        /// line's reconciliation is whole), and a new run takes up the rest.
        func inLanes(_ count: Int, _ writers: ChunkWriters, _ selected: Prefetch<SelectedChunk>) throws -> Counts {
            let lanes = min(writers.lanes, count)
            let progress = LaneProgress()
            Lanes.run(lanes) { lane in
                for index in (lane * count / lanes)..<((lane + 1) * count / lanes) {
                    guard progress.state.withLock({ $0.failure == nil }) else { return }
                    do {
                        var counts = Counts()
                        try writers.transaction { db in counts = try write(selected.value(index), db) }
                        progress.state.withLock { $0.done.add(counts) }
                    } catch {
                        progress.state.withLock { $0.failure = $0.failure ?? error }
                        return
                    }
                }
            }
            return try progress.state.withLock { state in
                if let failure = state.failure { throw failure }
                return state.done
            }
        }

        /// The payments of the chunk's matches: their invoices locked in id order and read again — open, in the
        /// party's currency and the line's, owing exactly the line's amount — and the entry the one-line path posts.
        func paymentPlans(_ matches: [Match], _ db: PostgresConnection) throws -> [Plan] {
            guard !matches.isEmpty else { return [] }
            let invoices = try Dictionary(
                db.query(BankingStatements.lockInvoicesForPayment, [SQLArray(matches.map(\.invoiceID))]).map {
                    (try $0.decode(UUID.self, "id"), $0)
                }, uniquingKeysWith: { first, _ in first })
            var ids = RandomUUIDs()
            var plans = [Plan]()
            for match in matches {
                let line = match.line
                guard let row = invoices[match.invoiceID],
                      try LedgerSQL.value(InvoiceStatus.self, row, "status").isOpen,
                      try row.decode(String.self, "currency") == row.decode(String.self, "party_currency"),
                      try row.decode(String.self, "currency") == line.currency.code,
                      try row.decode(ExactDecimal.self, "outstanding") == line.line.amount
                else { continue }
                let partyID = try row.decode(UUID.self, "party_id")
                let receivable = try row.decode(UUID?.self, "receivable_account_id") ?? row.decode(UUID.self, "control_account_id")
                let paymentID = ids.make()
                let rule = PostingRules.paymentReceived(
                    bankAccount: account.ledgerAccountID, amount: line.line.amount, allocations: [(receivable, line.line.amount)])
                let documents = [DocumentReference(type: "payment", id: paymentID), DocumentReference(type: "invoice", id: match.invoiceID)]
                let entry = JournalEntryDraft(
                    date: line.line.bookingDate, currency: line.currency, memo: match.reference.map { "Payment \($0)" } ?? "Payment",
                    sourceType: "payment", sourceID: paymentID,
                    lines: zip(rule, documents).map { JournalLineDraft($0, partyID: partyID, document: $1) })
                guard entry.violations().isEmpty else { continue }
                plans.append(Plan(line: line, entry: entry, entryID: ids.make(), payment: (paymentID, partyID, match.invoiceID, match.reference)))
            }
            return plans
        }

        /// The same plans through the one-line path, each in its own savepoint.
        private func oneByOne(_ plans: [Plan], _ db: PostgresConnection) throws -> Counts {
            let repository = BankLineRepository(db)
            var counts = Counts()
            for plan in plans {
                do {
                    if let payment = plan.payment {
                        _ = try repository.reconcile(
                            plan.line.id, .invoices([PaymentAllocationDraft(invoiceID: payment.invoiceID, amount: plan.line.line.amount)]))
                        counts.byMatch += 1
                    } else if let target = plan.entry.lines.last {
                        _ = try repository.reconcile(plan.line.id, .account(target.accountID, memo: plan.entry.memo, party: target.partyID))
                        counts.byRule += 1
                    }
                } catch is LedgerError {
                    continue  // rolled back to the line's savepoint; left for a person
                } catch let error as PostgresError where !Self.failsTheRun(error) {
                    continue
                }
            }
            return counts
        }

        /// Posts `plans` in one statement each: the entries with their lines, the payments, their allocations, the
        /// invoices' paid amounts and statuses, and the lines' links.
        func post(_ plans: [Plan], _ db: PostgresConnection) throws {
            let currency = account.currency, bankAccount = account
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
                if let group = open[key], groups[group].count < BankAutoReconciliation.paymentsPerEntry {
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
}

/// What auto-reconcile's lanes share: the counts so far and the first failure.
private final class LaneProgress: Sendable {
    struct State {
        var done = BankAutoReconciliation.Counts()
        var failure: (any Error)?
    }

    let state = Mutex(State())
}
