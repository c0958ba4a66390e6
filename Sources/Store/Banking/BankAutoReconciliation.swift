import Domain
import Foundation
import Postgres
import Synchronization
import Threading

/// Auto-reconcile in set-based statements (docs/banking.md, "Rules and auto-reconcile"): the lines, the rules and
/// the open invoices are read once, every decision is made in memory with the checks the one-line path
/// (``BankLineRepository/reconcile(_:_:)``) makes, and the entries, payments, allocations, invoice updates and line
/// links are written in one statement each per chunk of lines. The result is the one-line path's, line by line in
/// booking order: a line the one-line path would refuse (lock date, an invoice an earlier line paid, an inactive
/// account, …) is left for a person.
///
/// The chunks are matched on a thread of their own ahead of the writes (``Prefetch``). They are written in
/// savepoints of the caller's transaction, or, with ``ChunkWriters``, in transactions of their own on several
/// connections at once, each chunk committed by itself (docs/banking.md, "Auto-reconcile in lanes").
struct BankAutoReconciliation {
    let db: PostgresConnection
    let writers: ChunkWriters?

    /// A planned reconciliation of one line.
    struct Plan: Sendable {
        let line: BankLine
        /// The line's entry as the one-line path posts it: a rule's is posted as it is (under `entryID`); a payment's
        /// lines go into a shared entry (``ChunkWriter/post(_:_:)``), its memo on the bank's line.
        let entry: JournalEntryDraft
        let entryID: UUID
        /// The payment and its one allocation, for a match.
        let payment: (id: UUID, partyID: UUID, invoiceID: UUID, reference: String?)?
    }

    func run(bankAccountID: UUID, minimumScore: Int, rules: [BankRule], maxLines: Int) throws -> AutoReconcileResult {
        try db.transaction { db in
            // The account's lock keeps two runs (and an import) apart; the lines are locked chunk by chunk when written.
            let account = try BankAccountRepository(db).lock(bankAccountID)
            let matcher = BankMatcher()
            let invoicesAhead = openInvoicesAhead(account, matcher)
            defer { invoicesAhead?.cancel() }
            let lines = try db.query(BankingStatements.unreconciledLines, [bankAccountID, maxLines]).map(BankLineRepository.line)
            let lockDate = try LedgerLock(db).current()
            let accounts = AccountRepository(db)
            guard try accounts.assetAccountViolation(account.ledgerAccountID, at: "bankAccountId") == nil else {
                return AutoReconcileResult(byRule: 0, byMatch: 0, remaining: lines.count)
            }
            var targets = [UUID: Account]()
            for id in Set(rules.map(\.accountID)) { targets[id] = try accounts.find(id) }
            let indexes: [Currency: MatchIndex]
            if let invoicesAhead, lines.allSatisfy({ $0.currency == account.currency }) {
                indexes = [account.currency: try invoicesAhead.value(0).get()]
            } else {
                indexes = try BankLineRepository(db).matchIndexes(for: lines, matcher: matcher, candidateLimit: nil)
            }

            // The lines in chunks, in booking order, each matched on a thread of its own ahead of the writes.
            let size = writers?.linesPerChunk ?? ChunkWriters.defaultLinesPerChunk
            let chunks = stride(from: 0, to: lines.count, by: size).map { $0..<min($0 + size, lines.count) }
            // What each chunk's lines could become (rules, suggestions: independent of the other chunks) on two
            // threads, even and odd chunks; what they become (no earlier line took the invoice) on a third, in order.
            let matching = Matching(rules: rules, indexes: indexes, matcher: matcher, minimumScore: minimumScore)
            let candidates = (0..<2).map { parity in
                Prefetch(count: (chunks.count + 1 - parity) / 2) { half in matching.candidates(lines[chunks[half * 2 + parity]]) }
            }
            // Not cancelled when the run fails: the selection's thread may be waiting for one of their values; they
            // end after the last chunk's, as it does after its value in hand.
            let selection = SharedSelection(Selection(account: account, lockDate: lockDate, targets: targets, minimumScore: minimumScore))
            let selected = Prefetch(count: chunks.count) { index in
                let chunk = candidates[index % 2].value(index / 2)
                return selection.state.withLock { $0.select(lines[chunks[index]], chunk) }
            }
            defer { selected.cancel() }

            let writer = ChunkWriter(account: account)
            var done = Counts()
            if let writers, writers.lanes > 1, chunks.count > 1 {
                done = try writer.inLanes(chunks.count, writers, selected)
            } else {
                for index in chunks.indices { done.add(try writer.write(selected.value(index), db)) }
            }
            return AutoReconcileResult(byRule: done.byRule, byMatch: done.byMatch, remaining: lines.count - done.byRule - done.byMatch)
        }
    }

    /// With lanes, the open invoices of the account's currency (its lines' currency), read on a connection of the
    /// writers' and indexed on a thread of their own while the request's transaction reads and decodes the lines: at
    /// 100,000 lines and invoices, about a second in which one of the two sides would otherwise wait for the other.
    /// Without lanes (`nil`) they are read in the request's transaction, after the lines. Read without locks, like
    /// the request's own reads: each chunk locks and checks again the invoices it pays.
    private func openInvoicesAhead(_ account: BankAccount, _ matcher: BankMatcher) -> Prefetch<Result<MatchIndex, any Error>>? {
        guard let writers, writers.lanes > 1 else { return nil }
        return Prefetch(count: 1) { _ in
            Result {
                var index = MatchIndex([], tolerance: matcher.tolerance)
                try writers.transaction { db in
                    index = try BankLineRepository(db).matchIndex(account.currency, matcher: matcher, candidateLimit: nil)
                }
                return index
            }
        }
    }

    /// Lines reconciled by a rule and by a match.
    struct Counts: Sendable {
        var byRule = 0
        var byMatch = 0

        mutating func add(_ other: Counts) {
            byRule += other.byRule
            byMatch += other.byMatch
        }
    }

    /// One chunk's decisions, made without the database: the rules' plans, and the invoice each matched line pays.
    struct SelectedChunk: Sendable {
        var rulePlans = [Plan]()
        var matches = [Match]()
        var lineIDs = [UUID]()
    }

    /// A line whose best suggestion auto-reconcile takes: its invoice and the payment's reference.
    struct Match: Sendable {
        let line: BankLine
        let invoiceID: UUID
        let reference: String?
    }

    /// What a chunk's lines could become, decided without the run's other chunks: the first rule whose text each
    /// line has, and the ranked suggestions (scoring `minimumScore` or more) of the lines no rule takes.
    struct Candidates: Sendable {
        var ruled = [UUID: BankRule]()
        var suggestions = [UUID: [BankLineSuggestion]]()
    }

    /// The rules (their texts folded once) and the indexed open invoices: ``candidates(_:)`` for any chunk, on any
    /// thread.
    struct Matching: Sendable {
        let rules: [BankRule]
        /// The rules' texts as lines are compared with them (case and accents folded).
        let needles: [String]
        let indexes: [Currency: MatchIndex]
        let matcher: BankMatcher
        let minimumScore: Int

        init(rules: [BankRule], indexes: [Currency: MatchIndex], matcher: BankMatcher, minimumScore: Int) {
            self.rules = rules
            needles = rules.map { BankRule.folded($0.descriptionContains) }
            self.indexes = indexes
            self.matcher = matcher
            self.minimumScore = minimumScore
        }

        func candidates(_ lines: ArraySlice<BankLine>) -> Candidates {
            var candidates = Candidates()
            for line in lines {
                let description = BankRule.folded(line.line.description)
                let reference = BankRule.folded(line.line.reference ?? "")
                if let index = needles.indices.first(where: { description.contains(needles[$0]) || reference.contains(needles[$0]) }) {
                    candidates.ruled[line.id] = rules[index]
                }
            }
            candidates.suggestions = BankLineRepository.suggestions(
                for: lines.filter { candidates.ruled[$0.id] == nil }, in: indexes, matcher: matcher, floor: minimumScore)
            return candidates
        }
    }

    /// Decides, chunk after chunk in booking order, what each line becomes: the rule its ``Candidates`` give (its
    /// entry), else the invoice of its best suggestion when that scores `minimumScore` or more, is the exact amount,
    /// is not tied with the next, and no earlier line of the run took that invoice.
    struct Selection {
        let account: BankAccount
        let lockDate: LockDate
        let targets: [UUID: Account]
        let minimumScore: Int
        var ids = RandomUUIDs()
        /// The invoices an earlier line of the run takes.
        var taken = Set<UUID>()

        mutating func select(_ lines: ArraySlice<BankLine>, _ candidates: Candidates) -> SelectedChunk {
            let ruled = candidates.ruled, suggestions = candidates.suggestions
            var chunk = SelectedChunk()
            for line in lines where !lockDate.locks(line.line.bookingDate) {
                if let rule = ruled[line.id] {
                    guard let target = targets[rule.accountID], !target.isArchived, target.id != account.ledgerAccountID else { continue }
                    let entry = BankLineRepository.accountEntry(
                        line, bankLedgerAccount: account.ledgerAccountID, target: target.id, memo: rule.memo, party: rule.partyID)
                    guard entry.violations().isEmpty else { continue }
                    chunk.rulePlans.append(Plan(line: line, entry: entry, entryID: ids.make(), payment: nil))
                    chunk.lineIDs.append(line.id)
                } else if let ranked = suggestions[line.id], let best = ranked.first, best.score >= minimumScore,
                          best.reasons.contains(.exactAmount), ranked.count == 1 || ranked[1].score < best.score,
                          !taken.contains(best.invoiceID) {
                    let reference = (line.line.reference ?? line.line.bankReference).map { BankStatementRules.clipped($0, 200) }
                    guard TextField.violations(reference, at: "reference", maxLength: 200).isEmpty,
                          (try? PaymentAllocationCheck.validate(
                            amount: line.line.amount,
                            allocations: [PaymentAllocationRequest(invoiceID: best.invoiceID.uuidString, outstanding: line.line.amount, amount: line.line.amount)],
                            minorUnits: line.currency.minorUnits)) != nil
                    else { continue }
                    taken.insert(best.invoiceID)
                    chunk.matches.append(Match(line: line, invoiceID: best.invoiceID, reference: reference))
                    chunk.lineIDs.append(line.id)
                }
            }
            return chunk
        }
    }
}

/// The selection, shared with the thread that runs it (``Prefetch`` calls it from that one thread, chunk after chunk).
private final class SharedSelection: Sendable {
    let state: Mutex<BankAutoReconciliation.Selection>

    init(_ selection: sending BankAutoReconciliation.Selection) { state = Mutex(selection) }
}
