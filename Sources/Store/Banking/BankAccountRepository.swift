import Domain
import Foundation
import Postgres

/// The tenant's bank accounts. Each is tied to one active asset account of the ledger (by default the system
/// bank account); its currency cannot change once lines are imported.
public struct BankAccountRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds a bank account.
    /// - Throws: ``LedgerError/validation(_:)`` at `name`, `iban`, `bic`, `accountNumber`, `ledgerAccountId`,
    ///   `csvMapping/…`.
    public func create(_ draft: BankAccountDraft, defaultCurrency: Currency) throws -> BankAccount {
        let (ledgerAccount, iban, bic) = try checked(draft, id: nil)
        return try write {
            try $0.query(
                BankingStatements.insertAccount,
                [draft.name, ledgerAccount, iban, bic, draft.accountNumber, (draft.currency ?? defaultCurrency).code, draft.csvMapping?.jsonText,
                 draft.autoReconcileMinScore ?? BankAccountDraft.defaultAutoReconcileMinScore])
        }
    }

    /// Replaces every field; the currency only while no line is imported.
    public func update(_ id: UUID, _ draft: BankAccountDraft, defaultCurrency: Currency) throws -> BankAccount {
        let current = try get(id)
        let (ledgerAccount, iban, bic) = try checked(draft, id: id)
        let currency = draft.currency ?? current.currency
        if currency != current.currency, try db.query(BankingStatements.hasLines, [id]).first(orNotFound: "bank account", id: id).decode(Bool.self, "used") {
            throw LedgerError.invalid("currency", .conflict, "cannot change once statements are imported")
        }
        return try write {
            try $0.query(
                BankingStatements.updateAccount,
                [id, draft.name, ledgerAccount, iban, bic, draft.accountNumber, currency.code, draft.csvMapping?.jsonText,
                 draft.autoReconcileMinScore ?? BankAccountDraft.defaultAutoReconcileMinScore])
        }
    }

    /// Archives (no more imports) or restores a bank account.
    public func setArchived(_ id: UUID, _ archived: Bool) throws -> BankAccount {
        try write { try $0.query(BankingStatements.archiveAccount, [id, archived]) }
    }

    public func get(_ id: UUID) throws -> BankAccount {
        guard let row = try db.query(BankingStatements.accountByID, [id]).first else {
            throw LedgerError.notFound(resource: "bank account", id: id.uuidString.lowercased())
        }
        return try Self.account(row)
    }

    /// The account, locked until the end of the transaction (imports into one account run one at a time).
    func lock(_ id: UUID) throws -> BankAccount {
        guard let row = try db.query(BankingStatements.lockAccount, [id]).first else {
            throw LedgerError.notFound(resource: "bank account", id: id.uuidString.lowercased())
        }
        return try Self.account(row)
    }

    /// The account's register (statement vs ledger balance, unreconciled lines).
    public func register(_ id: UUID) throws -> (BankAccount, BankRegister) {
        let account = try get(id)
        let row = try db.query(BankingStatements.register, [id, account.ledgerAccountID, account.currency.code]).first(orNotFound: "bank account", id: id)
        return (
            account,
            BankRegister(
                statementBalance: try row.decode(ExactDecimal?.self, "statement_balance"),
                statementDate: try LedgerSQL.optionalDate(row, "statement_date"),
                ledgerBalance: try row.decode(ExactDecimal.self, "ledger_balance"), linesTotal: try row.decode(ExactDecimal.self, "lines_total"),
                lines: try row.decode(Int.self, "lines"), unreconciledTotal: try row.decode(ExactDecimal.self, "unreconciled_total"),
                unreconciled: try row.decode(Int.self, "unreconciled"))
        )
    }

    /// A page of bank accounts, newest first.
    public func list(includeArchived: Bool, page: PageRequest) throws -> Page<BankAccount> {
        let rows = try db.query(BankingStatements.listAccounts, [includeArchived] + page.parameters)
        return try Page.make(rows: rows, limit: page.limit, Self.account).page
    }

    private func checked(_ draft: BankAccountDraft, id: UUID?) throws -> (UUID, String?, String?) {
        let (found, iban, bic) = draft.checked()
        var errors = found
        var ledgerAccount: UUID
        if let chosen = draft.ledgerAccountID {
            ledgerAccount = chosen
            if let violation = try AccountRepository(db).assetAccountViolation(chosen, at: "ledgerAccountId") { errors.append(violation) }
        } else {
            ledgerAccount = try AccountRepository(db).account(role: .bank).id
        }
        if try db.query(BankingStatements.ledgerAccountTaken, [ledgerAccount, id]).first(orNotFound: "account").decode(Bool.self, "taken") {
            errors.append(
                FieldViolation(
                    path: "ledgerAccountId", code: .conflict,
                    message: "is already tied to another bank account: create an asset account for this one and name it"))
        }
        try LedgerError.check(errors)
        return (ledgerAccount, iban, bic)
    }

    private func write(_ body: (PostgresConnection) throws -> PostgresRows) throws -> BankAccount {
        do {
            return try db.transaction { db in
                guard let row = try body(db).first else { throw LedgerError.notFound(resource: "bank account", id: "") }
                return try Self.account(row)
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            if error.constraintName == "bank_accounts_iban_key" {
                throw LedgerError.invalid("iban", .conflict, "is already another bank account's")
            }
            throw LedgerError.invalid("ledgerAccountId", .conflict, "is already tied to another bank account")
        }
    }

    static func account(_ row: PostgresRow) throws -> BankAccount {
        BankAccount(
            id: try row.decode(UUID.self, "id"), name: try row.decode(String.self, "name"),
            ledgerAccountID: try row.decode(UUID.self, "ledger_account_id"), iban: try row.decode(String?.self, "iban"),
            bic: try row.decode(String?.self, "bic"), accountNumber: try row.decode(String?.self, "account_number"),
            currency: try LedgerSQL.currency(row),
            csvMapping: try row.decode(String?.self, "csv_mapping").flatMap(CSVStatementMapping.init(jsonText:)),
            autoReconcileMinScore: try row.decode(Int.self, "auto_reconcile_min_score"),
            archivedAt: try row.decode(Date?.self, "archived_at"), createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at"))
    }
}
