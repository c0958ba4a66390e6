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
            let lines = statements.flatMap(\.lines)
            let identities = BankStatementRules.identities(lines)
            let id = UUID()
            let closing = statements.last?.closingBalance
            try db.query(
                BankingStatements.insertImport,
                [id, bankAccountID, format.rawValue, statements.count, closing, lines.map(\.bookingDate).max()])
            let added = try db.query(
                BankingStatements.insertLines,
                [
                    bankAccountID, id, account.currency.code, SQLArray(identities.map { Optional(String($0.prefix(300))) }),
                    SQLArray(lines.map { Optional($0.bookingDate.description) }), SQLArray(lines.map { $0.valueDate?.description }),
                    SQLArray(lines.map(\.amount)), SQLArray(lines.map { Optional(String($0.description.prefix(1000))) }),
                    SQLArray(lines.map { $0.reference.map { String($0.prefix(200)) } }),
                    SQLArray(lines.map { $0.counterpartyName.map { String($0.prefix(200)) } }),
                    SQLArray(lines.map(\.counterpartyIBAN)), SQLArray(lines.map { Optional($0.isReversal ? "t" : "f") }),
                ]
            ).count
            guard let row = try db.query(BankingStatements.finishImport, [id, added, lines.count - added]).first else {
                throw LedgerError.notFound(resource: "import", id: id.uuidString)
            }
            return BankStatementImport(
                id: id, bankAccountID: bankAccountID, format: format, statements: try row.decode(Int.self, "statements"),
                linesAdded: added, linesSkipped: lines.count - added,
                closingBalance: try row.decode(ExactDecimal?.self, "closing_balance"), createdAt: try row.decode(Date.self, "created_at"))
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

    /// Ranked suggestions for each unreconciled line (money in only): open invoices in the line's currency.
    public func suggestions(for lines: [BankLine], matcher: BankMatcher = BankMatcher()) throws -> [UUID: [BankLineSuggestion]] {
        let open = lines.filter { !$0.isReconciled && $0.line.amount.isPositive }
        var result = [UUID: [BankLineSuggestion]]()
        for currency in Set(open.map(\.currency)) {
            let rows = try db.query(BankingStatements.openInvoices, [currency.code, Self.maxCandidates])
            var candidates = [MatchCandidate]()
            for row in rows {
                candidates.append(
                    MatchCandidate(
                        id: try row.decode(UUID.self, "id"), number: try row.decode(String.self, "number"),
                        partyID: try row.decode(UUID.self, "party_id"), partyName: try row.decode(String.self, "party_name"),
                        partyIBANs: Set((try row.decode(String?.self, "ibans") ?? "").split(separator: ",").map(String.init)),
                        outstanding: try row.decode(ExactDecimal.self, "outstanding"),
                        invoiceDate: try LedgerSQL.date(row, "invoice_date"), dueDate: try LedgerSQL.optionalDate(row, "due_date")))
            }
            let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let lines = open.filter { $0.currency == currency }
            for (line, ranked) in zip(lines, matcher.suggestions(for: lines.map(\.line), among: candidates)) {
                result[line.id] = ranked.compactMap { suggestion in
                    byID[suggestion.candidateID].map {
                        BankLineSuggestion(
                            invoiceID: $0.id, invoiceNumber: $0.number, partyID: $0.partyID, partyName: $0.partyName,
                            outstanding: $0.outstanding, score: suggestion.score, reasons: suggestion.reasons)
                    }
                }
            }
        }
        return result
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
            case .account(let counterAccount, let memo):
                let target = try AccountRepository(db).find(counterAccount)
                guard let target, !target.isArchived, target.id != account.ledgerAccountID else {
                    throw LedgerError.invalid("accountId", .invalidValue, "must name an active account other than the bank's own")
                }
                let amount = line.line.amount.magnitude
                let inflow = line.line.amount.isPositive
                let document = DocumentReference(type: "bankLine", id: id)
                let entry = try JournalRepository(db).post(
                    JournalEntryDraft(
                        date: line.line.bookingDate, currency: line.currency,
                        memo: String((memo ?? (line.line.description.isEmpty ? "Bank line" : line.line.description)).prefix(200)),
                        sourceType: "bankLine", sourceID: id,
                        lines: [
                            JournalLineDraft(accountID: account.ledgerAccountID, side: inflow ? .debit : .credit, amount: amount, document: document),
                            JournalLineDraft(accountID: target.id, side: inflow ? .credit : .debit, amount: amount, document: document),
                        ]),
                    dateField: "bookingDate")
                try db.query(BankingStatements.markReconciled, [id, UUID?.none, entry, UUID?.none])
            }
            return try get(id)
        }
    }

    /// Undoes a reconciliation: the payment is reversed (the invoices are owed again) or the entry reversed, dated
    /// `date`; the line is unreconciled. A line that paid an expense stays reconciled (409): an expense's payment
    /// is final by the expenses' rule.
    /// - Throws: ``LedgerError/conflict(_:)`` if the line is not reconciled or paid an expense.
    public func unreconcile(_ id: UUID, on date: CalendarDate) throws -> BankLine {
        try db.transaction { db in
            guard let row = try db.query(BankingStatements.lockLine, [id]).first else {
                throw LedgerError.notFound(resource: "bank line", id: id.uuidString.lowercased())
            }
            let line = try Self.line(row)
            if let payment = line.paymentID {
                _ = try PaymentRepository(db).reverse(payment, on: date)
            } else if line.expenseID != nil {
                // The expenses' own rule (trigger expenses_final): a payment is never taken back, only the whole
                // expense reversed.
                throw LedgerError.conflict(
                    "an expense's payment is final: reverse the expense (POST /v1/expenses/{id}/reverse) and record it again")
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
