import Domain
import Foundation
import Postgres

/// Statement lines of the tenant's bank accounts: imported all-or-nothing and idempotently, listed with
/// suggestions, reconciled to a customer payment or a journal entry and unreconciled.
public struct BankLineRepository {
    let db: PostgresConnection

    /// The most open invoices weighed for one page of lines (the earliest due); docs/banking.md says why.
    public static let maxCandidates = 5_000

    public init(_ connection: PostgresConnection) { db = connection }

    /// Imports parsed statements into `bankAccountID`: each line whose identity the account already has is skipped.
    /// - Throws: ``BankStatementError`` when a statement is in another currency or for another IBAN;
    ///   ``LedgerError/conflict(_:)`` when the account is archived.
    public func importStatements(
        _ statements: [BankStatement], format: BankStatementFormat, into bankAccountID: UUID
    ) throws -> BankStatementImport {
        try db.transaction { db in
            let account = try BankAccountRepository(db).lock(bankAccountID)
            guard account.archivedAt == nil else { throw LedgerError.conflict("the bank account is archived") }
            for (index, statement) in statements.enumerated() {
                let at = format == .camt053 ? "Stmt[\(index + 1)]/Acct" : "statement \(index + 1)"
                if let currency = statement.currency, currency != account.currency {
                    throw BankStatementError(at, "the statement is in \(currency.code), the bank account in \(account.currency.code)")
                }
                if let stated = statement.accountIdentifier.flatMap(BankIdentifiers.iban), let iban = account.iban, stated != iban {
                    throw BankStatementError(at, "the statement is for IBAN \(stated), not this bank account's")
                }
            }
            try BankStatementRules.checkStoredAmounts(statements)
            try Self.refuseNULs(statements)
            // Each identity the account does not have yet, once (the first line that has it): the rest are skipped.
            let all = statements.flatMap(\.lines)
            let identities = BankStatementRules.identities(all).map { BankStatementRules.clipped($0, 300) }
            var seen = Set<String>(minimumCapacity: identities.count)
            for row in try db.query(BankingStatements.knownIdentities, [bankAccountID, SQLArray(identities.map(Optional.some))]) {
                seen.insert(try row.decode(String.self, "bank_identity"))
            }
            let identified = zip(identities, all).filter { seen.insert($0.0).inserted }
            let total = all.count
            let id = UUID()
            let closing = statements.last?.closingBalance
            try db.query(
                BankingStatements.insertImport,
                [id, bankAccountID, format.rawValue, statements.count, closing, all.map(\.bookingDate).max()])
            let added = identified.isEmpty ? 0 : try copyLines(identified, importID: id, account: account)
            guard let row = try db.query(BankingStatements.finishImport, [id, added, total - added]).first else {
                throw LedgerError.notFound(resource: "import", id: id.uuidString)
            }
            return BankStatementImport(
                id: id, bankAccountID: bankAccountID, format: format, statements: try row.decode(Int.self, "statements"),
                linesAdded: added, linesSkipped: total - added,
                closingBalance: try row.decode(ExactDecimal?.self, "closing_balance"), createdAt: try row.decode(Date.self, "created_at"))
        }
    }

    /// The new lines of one import through `COPY … FROM STDIN` (docs/banking.md, "Import by COPY"): the same
    /// columns, constraints and statement triggers as an `INSERT`, in the file's order, without the unnest of twelve
    /// parameter arrays. The caller sends only identities the account does not have, each once, and holds the account's
    /// lock.
    private func copyLines(_ lines: [(String, BankStatementLine)], importID: UUID, account: BankAccount) throws -> Int {
        try db.copyIn(BankingStatements.copyLines) { out in
            for (identity, line) in lines {
                out.append(account.id)
                out.append(importID)
                out.append(identity)
                out.append(LedgerSQL.date(line.bookingDate))
                if let valueDate = line.valueDate { out.append(LedgerSQL.date(valueDate)) } else { out.append(nil as String?) }
                out.append(line.amount.description)
                out.append(account.currency.code)
                out.append(BankStatementRules.clipped(line.description, 1000))
                out.append(line.reference.map { BankStatementRules.clipped($0, 200) })
                out.append(line.counterpartyName.map { BankStatementRules.clipped($0, 200) })
                out.append(line.counterpartyIBAN)
                out.append(line.isReversal ? "t" : "f")
                try out.endRow()
            }
        }
    }

    /// PostgreSQL's `text` cannot hold a NUL character: a line with one is refused naming it (422), before anything
    /// is read or written (it was a 500, the parameter encoder's error).
    static func refuseNULs(_ statements: [BankStatement]) throws {
        func hasNUL(_ text: String?) -> Bool { text?.utf8.contains(0) == true }
        for (index, line) in statements.flatMap(\.lines).enumerated()
        where hasNUL(line.bankReference) || hasNUL(line.description) || hasNUL(line.reference)
            || hasNUL(line.counterpartyName) || hasNUL(line.counterpartyIBAN) {
            throw BankStatementError("statement line \(index + 1)", "the text contains a NUL character")
        }
    }

    /// A page of the account's lines, latest booking first.
    public func list(bankAccountID: UUID, unreconciledOnly: Bool, page: PageRequest) throws -> Page<BankLine> {
        _ = try BankAccountRepository(db).get(bankAccountID)
        let rows = try db.query(BankingStatements.listLines, [bankAccountID, unreconciledOnly] + page.parameters)
        return try Page.make(rows: rows, limit: page.limit, Self.line).page
    }

    public func get(_ id: UUID) throws -> BankLine {
        guard let row = try db.query(BankingStatements.lineByID, [id]).first else {
            throw LedgerError.notFound(resource: "bank line", id: id.uuidString.lowercased())
        }
        return try Self.line(row)
    }

    /// Ranked suggestions for each unreconciled line (money in only): open invoices in the line's currency, indexed
    /// once (``MatchIndex``). `candidateLimit`: the earliest-due open invoices weighed (`nil`: all of them);
    /// `floor`: see ``BankMatcher/suggestions(for:in:floor:)``.
    public func suggestions(
        for lines: [BankLine], matcher: BankMatcher = BankMatcher(), floor: Int = 0, candidateLimit: Int? = Self.maxCandidates
    ) throws -> [UUID: [BankLineSuggestion]] {
        Self.suggestions(
            for: lines, in: try matchIndexes(for: lines, matcher: matcher, candidateLimit: candidateLimit), matcher: matcher, floor: floor)
    }

    /// The open invoices of each currency of `lines`' unreconciled money-in lines, indexed once (``MatchIndex``);
    /// `candidateLimit`: the earliest-due open invoices weighed (`nil`: all of them).
    func matchIndexes(for lines: [BankLine], matcher: BankMatcher, candidateLimit: Int?) throws -> [Currency: MatchIndex] {
        var indexes = [Currency: MatchIndex]()
        for currency in Set(lines.filter(Self.isMatchable).map(\.currency)) {
            indexes[currency] = try matchIndex(currency, matcher: matcher, candidateLimit: candidateLimit)
        }
        return indexes
    }

    /// The open invoices of `currency`, indexed (``MatchIndex``); `candidateLimit`: the earliest-due weighed.
    func matchIndex(_ currency: Currency, matcher: BankMatcher, candidateLimit: Int?) throws -> MatchIndex {
        MatchIndex(try openInvoices(currency, limit: candidateLimit), tolerance: matcher.tolerance)
    }

    /// Ranked suggestions for each unreconciled money-in line among the indexed open invoices of its currency (no
    /// database work: auto-reconcile runs it on a thread of its own, ahead of its writes).
    static func suggestions(
        for lines: [BankLine], in indexes: [Currency: MatchIndex], matcher: BankMatcher, floor: Int
    ) -> [UUID: [BankLineSuggestion]] {
        var result = [UUID: [BankLineSuggestion]]()
        for line in lines where isMatchable(line) {
            guard let index = indexes[line.currency] else { continue }
            result[line.id] = matcher.suggestions(for: line.line, in: index, floor: floor).compactMap { suggestion in
                guard let candidate = index.candidate(suggestion.candidateID) else { return nil }
                return BankLineSuggestion(
                    invoiceID: candidate.id, invoiceNumber: candidate.number, partyID: candidate.partyID, partyName: candidate.partyName,
                    outstanding: candidate.outstanding, score: suggestion.score, reasons: suggestion.reasons)
            }
        }
        return result
    }

    /// An unreconciled money-in line: what invoices are matched to.
    private static func isMatchable(_ line: BankLine) -> Bool { !line.isReconciled && line.line.amount.isPositive }

    /// Ranked unpaid expenses for each unreconciled money-out line, by the same matcher as the invoices (on the
    /// line's amount without its sign): the expense's reference in the text or reference (``MatchReason/invoiceNumber``),
    /// its exact amount, the vendor's name, booked within 30 days of the expense date. The earliest
    /// ``maxCandidates`` unpaid expenses of the currency are weighed.
    public func expenseSuggestions(for lines: [BankLine], matcher: BankMatcher = BankMatcher()) throws -> [UUID: [BankLineExpenseSuggestion]] {
        let open = lines.filter { !$0.isReconciled && !$0.line.amount.isPositive }
        var result = [UUID: [BankLineExpenseSuggestion]]()
        for currency in Set(open.map(\.currency)) {
            var vendors = [UUID: (name: String, reference: String?, date: CalendarDate)]()
            let candidates = try db.query(BankingStatements.unpaidExpenses, [currency.code, Self.maxCandidates]).map { row in
                let candidate = MatchCandidate(
                    id: try row.decode(UUID.self, "id"), number: try row.decode(String?.self, "reference") ?? "",
                    partyID: try row.decode(UUID.self, "vendor_id"), partyName: try row.decode(String.self, "vendor_name"),
                    outstanding: try row.decode(ExactDecimal.self, "amount"), invoiceDate: try LedgerSQL.date(row, "expense_date"), dueDate: nil)
                vendors[candidate.id] = (candidate.partyName, try row.decode(String?.self, "reference"), candidate.invoiceDate)
                return candidate
            }
            let index = MatchIndex(candidates, tolerance: matcher.tolerance)
            for line in open where line.currency == currency {
                var outgoing = line.line
                outgoing.amount = line.line.amount.magnitude
                result[line.id] = matcher.suggestions(for: outgoing, in: index).compactMap { suggestion in
                    guard let candidate = index.candidate(suggestion.candidateID), let known = vendors[candidate.id] else { return nil }
                    return BankLineExpenseSuggestion(
                        expenseID: candidate.id, reference: known.reference, vendorID: candidate.partyID, vendorName: known.name,
                        amount: candidate.outstanding, expenseDate: known.date, score: suggestion.score, reasons: suggestion.reasons)
                }
            }
        }
        return result
    }

    /// Open customer invoices in `currency`, earliest due first, at most `limit` (`nil`: all).
    func openInvoices(_ currency: Currency, limit: Int?) throws -> [MatchCandidate] {
        try db.query(BankingStatements.openInvoices, [currency.code, limit]).map { row in
            MatchCandidate(
                id: try row.decode(UUID.self, "id"), number: try row.decode(String.self, "number"),
                partyID: try row.decode(UUID.self, "party_id"), partyName: try row.decode(String.self, "party_name"),
                partyIBANs: Set((try row.decode(String?.self, "ibans") ?? "").split(separator: ",").map(String.init)),
                outstanding: try row.decode(ExactDecimal.self, "outstanding"),
                invoiceDate: try LedgerSQL.date(row, "invoice_date"), dueDate: try LedgerSQL.optionalDate(row, "due_date"))
        }
    }

    /// Reconciles a line in one transaction: a customer payment of its invoices (money in; the allocations add up
    /// to the line's amount) or a journal entry against an account (bank ↔ account, e.g. fees or interest).
    /// - Throws: ``LedgerError/conflict(_:)`` if the line is reconciled already; ``LedgerError/validation(_:)`` at
    ///   `allocations…`, `accountId`.
    public func reconcile(_ id: UUID, _ reconciliation: BankReconciliation) throws -> BankLine {
        try db.transaction { db in
            guard let row = try db.query(BankingStatements.lockLine, [id]).first else {
                throw LedgerError.notFound(resource: "bank line", id: id.uuidString.lowercased())
            }
            let line = try Self.line(row)
            guard !line.isReconciled else { throw LedgerError.conflict("the bank line is already reconciled: unreconcile it first") }
            let account = try BankAccountRepository(db).get(line.bankAccountID)
            let reference = line.line.reference ?? line.line.bankReference
            switch reconciliation {
            case .invoices(let allocations):
                guard line.line.amount.isPositive else {
                    throw LedgerError.invalid("allocations", .invalidValue, "money out cannot pay customer invoices: reconcile it to an account")
                }
                guard !allocations.isEmpty else { throw LedgerError.invalid("allocations", .required, "must name at least one invoice") }
                let parties = Set(
                    try db.query(BankingStatements.invoiceParties, [SQLArray(allocations.map(\.invoiceID))]).map { try $0.decode(UUID.self, "party_id") })
                guard let party = parties.first else {
                    throw LedgerError.invalid("allocations/0/invoiceId", .invalidValue, "names no invoice")
                }
                guard parties.count == 1 else {
                    throw LedgerError.invalid("allocations", .conflict, "must all be invoices of one party (one payment per line)")
                }
                let total = try allocations.map(\.amount).sum()
                guard total == line.line.amount else {
                    throw LedgerError.invalid(
                        "allocations", .conflict, "add up to \(total) but the line is \(line.line.amount)")
                }
                let payment = try PaymentRepository(db).record(
                    PaymentDraft(
                        partyID: party, date: line.line.bookingDate, amount: line.line.amount, method: .bankTransfer,
                        reference: reference.map { String($0.prefix(200)) }, bankAccountID: account.ledgerAccountID,
                        allocations: allocations))
                try db.query(BankingStatements.markReconciled, [id, payment.id, UUID?.none, UUID?.none])
            case .expense(let expenseID):
                let expense: Expense
                do {
                    expense = try ExpenseRepository(db).get(expenseID)
                } catch LedgerError.notFound {
                    throw LedgerError.invalid("expenseId", .invalidValue, "names no expense")
                }
                guard line.line.amount.isNegative, expense.amount.amount == line.line.amount.magnitude,
                      expense.amount.currency == line.currency
                else {
                    throw LedgerError.invalid(
                        "expenseId", .invalidValue,
                        "is \(expense.amount.amount) \(expense.amount.currency.code): only money out of that amount pays it")
                }
                guard expense.status == .unpaid else {
                    throw LedgerError.invalid("expenseId", .conflict, "is \(expense.status.wireValue): only an unpaid expense can be paid")
                }
                _ = try ExpenseRepository(db).pay(expenseID, on: line.line.bookingDate, bankAccountID: account.ledgerAccountID)
                try db.query(BankingStatements.markReconciled, [id, UUID?.none, UUID?.none, expenseID])
            case .account(let counterAccount, let memo, let party):
                let target = try AccountRepository(db).find(counterAccount)
                guard let target, !target.isArchived, target.id != account.ledgerAccountID else {
                    throw LedgerError.invalid("accountId", .invalidValue, "must name an active account other than the bank's own")
                }
                let entry = try JournalRepository(db).post(
                    Self.accountEntry(line, bankLedgerAccount: account.ledgerAccountID, target: target.id, memo: memo, party: party),
                    dateField: "bookingDate")
                try db.query(BankingStatements.markReconciled, [id, UUID?.none, entry, UUID?.none])
            }
            return try get(id)
        }
    }

    /// Reconciles several money-in lines to one invoice in one transaction (partial payments adding up): each line
    /// a payment of its amount to the invoice, in booking order. All or nothing.
    /// - Throws: ``LedgerError/validation(_:)`` at `lineIds/N` (unknown, twice, reconciled, money out, another
    ///   currency), `lineIds` (more than the invoice owes), `invoiceId` (unknown or not open).
    public func reconcile(lines ids: [UUID], toInvoice invoiceID: UUID) throws -> [BankLine] {
        try db.transaction { db in
            var errors = [FieldViolation]()
            var lines = [BankLine]()
            var seen = Set<UUID>()
            let invoice = try db.query(PaymentStatements.lockInvoices, [SQLArray([invoiceID])]).first
            var outstanding: ExactDecimal?
            var currency: String?
            if let invoice {
                let status = try LedgerSQL.value(InvoiceStatus.self, invoice, "status")
                if status.isOpen {
                    outstanding = try invoice.decode(ExactDecimal.self, "total").subtracting(invoice.decode(ExactDecimal.self, "amount_paid"))
                        .subtracting(invoice.decode(ExactDecimal.self, "credit_applied"))
                    currency = try invoice.decode(String.self, "currency")
                } else {
                    errors.append(
                        FieldViolation(path: "invoiceId", code: .invalidValue, message: "is \(status.wireValue): only issued, unpaid invoices take payments"))
                }
            } else {
                errors.append(FieldViolation(path: "invoiceId", code: .invalidValue, message: "names no invoice"))
            }
            for (index, id) in ids.enumerated() {
                let path = "lineIds/\(index)"
                guard seen.insert(id).inserted else {
                    errors.append(FieldViolation(path: path, code: .conflict, message: "names the same bank line twice"))
                    continue
                }
                guard let row = try db.query(BankingStatements.lockLine, [id]).first else {
                    errors.append(FieldViolation(path: path, code: .invalidValue, message: "names no bank line"))
                    continue
                }
                let line = try Self.line(row)
                if line.isReconciled {
                    errors.append(FieldViolation(path: path, code: .conflict, message: "is already reconciled: unreconcile it first"))
                } else if !line.line.amount.isPositive {
                    errors.append(FieldViolation(path: path, code: .invalidValue, message: "is money out: it cannot pay a customer invoice"))
                } else if let currency, line.currency.code != currency {
                    errors.append(FieldViolation(path: path, code: .invalidValue, message: "is in \(line.currency.code), the invoice in \(currency)"))
                } else {
                    lines.append(line)
                }
            }
            if let outstanding, errors.isEmpty {
                let total = try lines.map(\.line.amount).sum()
                if total > outstanding {
                    errors.append(FieldViolation(path: "lineIds", code: .conflict, message: "add up to \(total) but the invoice owes \(outstanding)"))
                }
            }
            try LedgerError.check(errors)
            for line in lines.sorted(by: { ($0.line.bookingDate, $0.id.uuidString) < ($1.line.bookingDate, $1.id.uuidString) }) {
                _ = try reconcile(line.id, .invoices([PaymentAllocationDraft(invoiceID: invoiceID, amount: line.line.amount)]))
            }
            return try ids.map(get)
        }
    }

    /// Undoes a reconciliation, dated `date`, in one transaction: the payment is reversed (the invoices are owed
    /// again), the expense's payment undone (it is unpaid again) or the entry reversed; the line is unreconciled.
    /// - Throws: ``LedgerError/conflict(_:)`` if the line is not reconciled.
    public func unreconcile(_ id: UUID, on date: CalendarDate) throws -> BankLine {
        try db.transaction { db in
            guard let row = try db.query(BankingStatements.lockLine, [id]).first else {
                throw LedgerError.notFound(resource: "bank line", id: id.uuidString.lowercased())
            }
            let line = try Self.line(row)
            if let payment = line.paymentID {
                _ = try PaymentRepository(db).reverse(payment, on: date)
            } else if let expense = line.expenseID {
                _ = try ExpenseRepository(db).unpay(expense, on: date)
            } else if let entry = line.entryID {
                _ = try JournalRepository(db).reverse(
                    entry, on: date, memo: "Unreconciled bank line", sourceType: "bankLineUnreconcile", sourceID: id)
            } else {
                throw LedgerError.conflict("the bank line is not reconciled")
            }
            try db.query(BankingStatements.markUnreconciled, [id])
            return try get(id)
        }
    }

    /// The entry reconciling `line` to an account: bank ↔ `target`, dated the booking date, the memo given or the
    /// line's description; `party` on both lines.
    static func accountEntry(_ line: BankLine, bankLedgerAccount: UUID, target: UUID, memo: String?, party: UUID? = nil) -> JournalEntryDraft {
        let amount = line.line.amount.magnitude
        let inflow = line.line.amount.isPositive
        let document = DocumentReference(type: "bankLine", id: line.id)
        return JournalEntryDraft(
            date: line.line.bookingDate, currency: line.currency,
            memo: BankStatementRules.clipped(memo ?? (line.line.description.isEmpty ? "Bank line" : line.line.description), 200),
            sourceType: "bankLine", sourceID: line.id,
            lines: [
                JournalLineDraft(accountID: bankLedgerAccount, side: inflow ? .debit : .credit, amount: amount, partyID: party, document: document),
                JournalLineDraft(accountID: target, side: inflow ? .credit : .debit, amount: amount, partyID: party, document: document),
            ])
    }

    static func line(_ row: PostgresRow) throws -> BankLine {
        let identity = try row.decode(String.self, "bank_identity")
        return BankLine(
            id: try row.decode(UUID.self, "id"), bankAccountID: try row.decode(UUID.self, "bank_account_id"),
            importID: try row.decode(UUID.self, "import_id"), bankIdentity: identity,
            line: BankStatementLine(
                bankReference: identity.hasPrefix("ref:") ? String(identity.dropFirst(4)) : nil, bookingDate: try LedgerSQL.date(row, "booking_date"),
                valueDate: try LedgerSQL.optionalDate(row, "value_date"), amount: try row.decode(ExactDecimal.self, "amount"),
                description: try row.decode(String.self, "description"), reference: try row.decode(String?.self, "reference"),
                counterpartyName: try row.decode(String?.self, "counterparty_name"),
                counterpartyIBAN: try row.decode(String?.self, "counterparty_iban"), isReversal: try row.decode(Bool.self, "is_reversal")),
            currency: try LedgerSQL.currency(row), paymentID: try row.decode(UUID?.self, "payment_id"),
            entryID: try row.decode(UUID?.self, "entry_id"), expenseID: try row.decode(UUID?.self, "expense_id"), reconciledAt: try row.decode(Date?.self, "reconciled_at"))
    }
}
