import Domain
import Foundation
import Postgres

/// The expense categories of the tenant the connection is bound to.
public struct ExpenseCategoryRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds a category.
    /// - Throws: ``LedgerError/validation(_:)`` at `name` (blank, too long, taken) or `expenseAccountId` (unknown,
    ///   archived, not an expense account).
    public func create(_ draft: ExpenseCategoryDraft) throws -> ExpenseCategory {
        var errors = TextField.violations(draft.name, at: "name", maxLength: 200)
        let account = try ExpenseAccounts.resolve(draft.expenseAccountID, at: "expenseAccountId", errors: &errors, on: db)
        try LedgerError.check(errors)
        do {
            return try db.transaction { db in
                try Self.category(
                    db.query(ExpenseStatements.insertCategory, [draft.name, account]).first(orNotFound: "expense category"))
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw LedgerError.invalid("name", .conflict, "is already used by another category")
        }
    }

    /// The category with `id`.
    public func get(_ id: UUID) throws -> ExpenseCategory {
        return try Self.category(db.query(ExpenseStatements.categoryByID, [id]).first(orNotFound: "expense category", id: id))
    }

    /// A page of categories, newest first.
    public func list(page: PageRequest = PageRequest()) throws -> Page<ExpenseCategory> {
        try Page.make(rows: db.query(ExpenseStatements.listCategories, page.parameters), limit: page.limit, Self.category).page
    }

    static func category(_ row: PostgresRow) throws -> ExpenseCategory {
        ExpenseCategory(
            id: try row.decode(UUID.self, "id"), name: try row.decode(String.self, "name"),
            expenseAccountID: try row.decode(UUID.self, "expense_account_id"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}

/// Checks on the accounts expenses post to.
enum ExpenseAccounts {
    /// The given account if it is an active expense account (else a violation at `path`), or general expense.
    static func resolve(
        _ id: UUID?, at path: String, errors: inout [FieldViolation], on db: PostgresConnection
    ) throws -> UUID? {
        try account(id, at: path, errors: &errors, on: db, default: .generalExpense) { account in
            account.isArchived ? "is archived" : account.type != .expense ? "must be an expense account" : nil
        }
    }

    /// The given account if it is an active asset account (else a violation at `path`), or the bank account.
    static func bank(
        _ id: UUID?, at path: String, errors: inout [FieldViolation], on db: PostgresConnection
    ) throws -> UUID? {
        try account(id, at: path, errors: &errors, on: db, default: .bank) { account in
            account.isArchived || account.type != .asset ? "must be an active asset account" : nil
        }
    }

    /// The given account when it exists (`problem` says what else is wrong with it, recorded at `path`), or the
    /// account with the `default` role.
    private static func account(
        _ id: UUID?, at path: String, errors: inout [FieldViolation], on db: PostgresConnection,
        default role: AccountRole, _ problem: (Account) -> String?
    ) throws -> UUID? {
        let accounts = AccountRepository(db)
        guard let id else { return try accounts.account(role: role).id }
        guard let account = try accounts.find(id) else {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "names no account"))
            return nil
        }
        if let message = problem(account) {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: message))
        }
        return id
    }
}
