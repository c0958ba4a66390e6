import Domain
import Foundation
import Postgres

/// Auto-reconcile in set-based statements (docs/banking.md, "Rules and auto-reconcile"): the lines, the rules and
/// the open invoices are read once, every decision is made in memory with the checks the one-line path
/// (``BankLineRepository/reconcile(_:_:)``) makes, and the entries, payments, allocations, invoice updates and line
/// links are written in one statement each. The result is the one-line path's, line by line in booking order: a
/// line the one-line path would refuse (lock date, an invoice an earlier line paid, an inactive account, …) is
/// left for a person.
struct BankAutoReconciliation {
    let db: PostgresConnection

    /// A planned reconciliation of one line.
    struct Plan {
        let line: BankLine
        /// The line's entry as the one-line path posts it: a rule's is posted as it is (under `entryID`); a payment's
        /// lines go into a shared entry (``write(_:currency:bankAccount:_:)``), its memo on the bank's line.
        let entry: JournalEntryDraft
        let entryID: UUID
        /// The payment and its one allocation, for a match.
        let payment: (id: UUID, partyID: UUID, invoiceID: UUID, reference: String?)?
    }

    func run(bankAccountID: UUID, minimumScore: Int, rules: [BankRule], maxLines: Int) throws -> AutoReconcileResult {
        try db.transaction { db in
            let account = try BankAccountRepository(db).lock(bankAccountID)
            let lines = try db.query(BankingStatements.lockUnreconciledLines, [bankAccountID, maxLines]).map(BankLineRepository.line)
            let lockDate = try LedgerLock(db).current()
            let accounts = AccountRepository(db)
            guard try accounts.assetAccountViolation(account.ledgerAccountID, at: "bankAccountId") == nil else {
                return AutoReconcileResult(byRule: 0, byMatch: 0, remaining: lines.count)
            }
            var targets = [UUID: Account]()
            for id in Set(rules.map(\.accountID)) { targets[id] = try accounts.find(id) }
            let needles = rules.map { BankRule.folded($0.descriptionContains) }

            // Rules first (the first rule whose text the line has), the invoice match for the rest.
            var ruled = [UUID: BankRule]()
            for line in lines {
                let description = BankRule.folded(line.line.description)
                let reference = BankRule.folded(line.line.reference ?? "")
                if let index = needles.indices.first(where: { description.contains(needles[$0]) || reference.contains(needles[$0]) }) {
                    ruled[line.id] = rules[index]
                }
            }
            let suggestions = try BankLineRepository(db).suggestions(
                for: lines.filter { ruled[$0.id] == nil }, floor: minimumScore, candidateLimit: nil)

            var ids = RandomUUIDs()
            var plans = [Plan]()
            var matches = [(line: BankLine, suggestion: BankLineSuggestion)]()
            for line in lines where !lockDate.locks(line.line.bookingDate) {
                if let rule = ruled[line.id] {
                    guard let target = targets[rule.accountID], !target.isArchived, target.id != account.ledgerAccountID else { continue }
                    let entry = BankLineRepository.accountEntry(
                        line, bankLedgerAccount: account.ledgerAccountID, target: target.id, memo: rule.memo, party: rule.partyID)
                    guard entry.violations().isEmpty else { continue }
                    plans.append(Plan(line: line, entry: entry, entryID: ids.make(), payment: nil))
                } else if let ranked = suggestions[line.id], let best = ranked.first, best.score >= minimumScore,
                          best.reasons.contains(.exactAmount), ranked.count == 1 || ranked[1].score < best.score {
                    matches.append((line, best))
                }
            }

            // The matched invoices, locked and read again: the payment must be what the one-line path would accept.
            let invoices = try Dictionary(
                db.query(BankingStatements.lockInvoicesForPayment, [SQLArray(matches.map { $0.suggestion.invoiceID })]).map {
                    (try $0.decode(UUID.self, "id"), $0)
                }, uniquingKeysWith: { first, _ in first })
            var paid = Set<UUID>()
            for (line, suggestion) in matches {
                guard let row = invoices[suggestion.invoiceID], !paid.contains(suggestion.invoiceID),
                      try LedgerSQL.value(InvoiceStatus.self, row, "status").isOpen,
                      try row.decode(String.self, "currency") == row.decode(String.self, "party_currency"),
                      try row.decode(String.self, "currency") == line.currency.code,
                      try row.decode(ExactDecimal.self, "outstanding") == line.line.amount
                else { continue }
                let reference = (line.line.reference ?? line.line.bankReference).map { BankStatementRules.clipped($0, 200) }
                guard TextField.violations(reference, at: "reference", maxLength: 200).isEmpty,
                      (try? PaymentAllocationCheck.validate(
                        amount: line.line.amount,
                        allocations: [PaymentAllocationRequest(invoiceID: suggestion.invoiceID.uuidString, outstanding: line.line.amount, amount: line.line.amount)],
                        minorUnits: line.currency.minorUnits)) != nil
                else { continue }
                let partyID = try row.decode(UUID.self, "party_id")
                let receivable = try row.decode(UUID?.self, "receivable_account_id") ?? row.decode(UUID.self, "control_account_id")
                let paymentID = ids.make()
                let rule = PostingRules.paymentReceived(
                    bankAccount: account.ledgerAccountID, amount: line.line.amount, allocations: [(receivable, line.line.amount)])
                let documents = [DocumentReference(type: "payment", id: paymentID), DocumentReference(type: "invoice", id: suggestion.invoiceID)]
                let entry = JournalEntryDraft(
                    date: line.line.bookingDate, currency: line.currency, memo: reference.map { "Payment \($0)" } ?? "Payment",
                    sourceType: "payment", sourceID: paymentID,
                    lines: zip(rule, documents).map { JournalLineDraft($0, partyID: partyID, document: $1) })
                guard entry.violations().isEmpty else { continue }
                paid.insert(suggestion.invoiceID)
                plans.append(Plan(line: line, entry: entry, entryID: ids.make(), payment: (paymentID, partyID, suggestion.invoiceID, reference)))
            }
            // Written in chunks, each in its own savepoint: every statement stays far under the request's statement
            // timeout (one statement for 90,000 entries and 180,000 journal lines ran past 30 s on a loaded machine).
            var byRule = 0
            var byMatch = 0
            for start in stride(from: 0, to: plans.count, by: Self.plansPerWrite) {
                let chunk = Array(plans[start..<min(start + Self.plansPerWrite, plans.count)])
                do {
                    try db.transaction { db in try write(chunk, currency: account.currency, bankAccount: account, db) }
                    let matched = chunk.filter { $0.payment != nil }.count
                    byMatch += matched
                    byRule += chunk.count - matched
                } catch let error as PostgresError where error.sqlState != .queryCanceled {
                    // Something only the database knows refused the chunk (an archived receivable account, …): the
                    // one-line path, line by line, leaves exactly the refused lines for a person. A timeout is not a
                    // refusal: it fails the request (rolled back), rather than a slower path under the same clock.
                    let (rule, match) = try oneByOne(chunk)
                    byRule += rule
                    byMatch += match
                }
            }
            return AutoReconcileResult(byRule: byRule, byMatch: byMatch, remaining: lines.count - byRule - byMatch)
        }
    }

    /// How many planned reconciliations one set of statements writes.
    static let plansPerWrite = 5_000

    /// The same plans through the one-line path, each in its own savepoint.
    private func oneByOne(_ plans: [Plan]) throws -> (byRule: Int, byMatch: Int) {
        let repository = BankLineRepository(db)
        var byRule = 0
        var byMatch = 0
        for plan in plans {
            do {
                if let payment = plan.payment {
                    _ = try repository.reconcile(
                        plan.line.id, .invoices([PaymentAllocationDraft(invoiceID: payment.invoiceID, amount: plan.line.line.amount)]))
                    byMatch += 1
                } else if let target = plan.entry.lines.last {
                    _ = try repository.reconcile(plan.line.id, .account(target.accountID, memo: plan.entry.memo, party: target.partyID))
                    byRule += 1
                }
            } catch is LedgerError {
                continue  // rolled back to the line's savepoint; left for a person
            } catch let error as PostgresError where error.sqlState != .queryCanceled {
                continue
            }
        }
        return (byRule, byMatch)
    }
}
