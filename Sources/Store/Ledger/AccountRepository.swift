import Domain
import Foundation
import Postgres

/// The chart of accounts of the tenant the connection is bound to.
///
/// Accounts are created, renamed, re-typed (until used) and archived; an account that anything refers to
/// cannot be deleted (archive it instead). The six system accounts (``AccountRole``) are never archived or
/// deleted. Every method runs on the caller's connection, inside the caller's transaction if there is one.
public struct AccountRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds an account.
    /// - Throws: ``LedgerError/validation(_:)`` at `code`/`name`, also when the code is taken.
    public func create(_ draft: AccountDraft) throws -> Account {
        try LedgerError.check(draft.violations())
        do {
            return try db.transaction { db in
                try Self.account(try db.query(AccountStatements.insert, [draft.code, draft.name, draft.type.rawValue]).first(orNotFound: "account"))
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw LedgerError.invalid("code", .conflict, "is already used by another account")
        }
    }

    /// The account with `id`.
    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func get(_ id: UUID) throws -> Account {
        try Self.account(try db.query(AccountStatements.byID, [id]).first(orNotFound: "account", id: id))
    }

    /// The account with `id`, or `nil`.
    public func find(_ id: UUID) throws -> Account? {
        try db.query(AccountStatements.byID, [id]).first.map(Self.account)
    }

    /// A violation at `path` unless `id` names an active asset account (where a bank's money is kept).
    func assetAccountViolation(_ id: UUID, at path: String) throws -> FieldViolation? {
        let account = try find(id)
        guard account == nil || account?.isArchived == true || account?.type != .asset else { return nil }
        return FieldViolation(path: path, code: .invalidValue, message: "must name an active asset account")
    }

    /// The system account with `role` (always present once the tenant is migrated).
    public func account(role: AccountRole) throws -> Account {
        guard let row = try db.query(AccountStatements.byRole, [role.rawValue]).first else {
            throw LedgerError.notFound(resource: "account", id: role.rawValue)
        }
        return try Self.account(row)
    }

    /// The whole chart, ordered by code (a chart is small: no pagination).
    public func list(includeArchived: Bool = false) throws -> [Account] {
        try db.query(AccountStatements.list, [includeArchived]).map(Self.account)
    }

    /// Replaces code, name and type. A system account or an account with postings keeps its type.
    public func update(_ id: UUID, _ draft: AccountDraft) throws -> Account {
        try LedgerError.check(draft.violations())
        do {
            return try db.transaction { db in
                guard let row = try db.query(AccountStatements.update, [id, draft.code, draft.name, draft.type.rawValue]).first
                else { throw LedgerError.notFound(resource: "account", id: id.uuidString.lowercased()) }
                return try Self.account(row)
            }
        } catch let error as PostgresError {
            throw Self.mapped(error)
        }
    }

    /// Archives (`archived = true`) or restores an account. System accounts cannot be archived.
    public func setArchived(_ id: UUID, _ archived: Bool) throws -> Account {
        do {
            return try db.transaction { db in
                return try Self.account(db.query(AccountStatements.archive, [id, archived]).first(orNotFound: "account", id: id))
            }
        } catch let error as PostgresError {
            throw Self.mapped(error)
        }
    }

    /// Deletes an account nothing refers to.
    /// - Throws: ``LedgerError/conflict(_:)`` when it is a system account or in use (archive it instead).
    public func delete(_ id: UUID) throws {
        do {
            try db.transaction { db in
                guard try db.query(AccountStatements.delete, [id]).affectedRows == 1 else {
                    throw LedgerError.notFound(resource: "account", id: id.uuidString.lowercased())
                }
            }
        } catch let error as PostgresError {
            throw Self.mapped(error)
        }
    }

    /// Whether any posting uses the account.
    public func isUsed(_ id: UUID) throws -> Bool {
        try db.query(AccountStatements.isUsed, [id]).first(orNotFound: "account", id: id).decode(Bool.self, "used")
    }

    static func mapped(_ error: PostgresError) -> any Error {
        switch (error.sqlState, error.constraintName) {
        case (.uniqueViolation?, _):
            return LedgerError.invalid("code", .conflict, "is already used by another account")
        case (.foreignKeyViolation?, _):
            return LedgerError.conflict("the account is in use: archive it instead of deleting it")
        case (_, "accounts_system"?), (_, "accounts_role_not_archived"?), (_, "accounts_role_type"?):
            return LedgerError.conflict("a system account cannot be archived, deleted or change its type")
        case (_, "accounts_type_used"?):
            return LedgerError.conflict("the account has postings: its type cannot change")
        default:
            return error
        }
    }

    static func account(_ row: PostgresRow) throws -> Account {
        Account(
            id: try row.decode(UUID.self, "id"), code: try row.decode(String.self, "code"),
            name: try row.decode(String.self, "name"), type: try LedgerSQL.value(AccountType.self, row, "type"),
            role: try row.decode(String?.self, "role").flatMap(AccountRole.init(rawValue:)),
            archivedAt: try row.decode(Date?.self, "archived_at"), createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at"))
    }
}
