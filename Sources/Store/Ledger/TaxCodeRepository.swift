import Domain
import Foundation
import Postgres

/// The tax codes of the tenant the connection is bound to: create, read, change, archive; and the lookup that
/// document lines resolve their codes with.
///
/// A code that a document or template names keeps its rate, category and accounts (a change is refused at that
/// field: create a new code instead); its name and exemption reason may change (issued documents are stored as
/// issued). Codes are never deleted.
public struct TaxCodeRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds a code.
    /// - Throws: ``LedgerError/validation(_:)`` at `code` (malformed or taken), `name`, `rate`, `exemptionReason`,
    ///   `payableAccountId`, `receivableAccountId`.
    public func create(_ draft: TaxCodeDraft) throws -> TaxCode {
        var errors = TaxCodeRules.violations(
            code: draft.code, name: draft.name, rate: draft.rate, category: draft.category,
            exemptionReason: draft.exemptionReason)
        let payable = try account(draft.payableAccountID, at: "payableAccountId", errors: &errors)
        let receivable = try draft.receivableAccountID.map {
            try account($0, at: "receivableAccountId", errors: &errors)
        } ?? payable
        try LedgerError.check(errors)
        do {
            return try db.transaction { db in
                try Self.taxCode(
                    db.query(
                        TaxCodeStatements.insert,
                        [
                            draft.code, draft.name, draft.rate, draft.category.rawValue, draft.exemptionReason, payable,
                            receivable,
                        ]
                    ).first(orNotFound: "tax code"))
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw LedgerError.invalid("code", .conflict, "is already used by another tax code")
        }
    }

    /// The code with `id`.
    public func get(_ id: UUID) throws -> TaxCode {
        return try Self.taxCode(db.query(TaxCodeStatements.byID, [id]).first(orNotFound: "tax code", id: id))
    }

    /// A page of codes, newest first; archived ones only when asked.
    public func list(includeArchived: Bool = false, page: PageRequest = PageRequest()) throws -> Page<TaxCode> {
        try Page.make(
            rows: db.query(TaxCodeStatements.list, [includeArchived] + page.parameters), limit: page.limit, Self.taxCode
        ).page
    }

    /// Applies `changes`. A used code keeps its rate, category and accounts.
    /// - Throws: ``LedgerError/validation(_:)`` at the field; ``LedgerError/notFound(resource:id:)``.
    public func update(_ id: UUID, _ changes: TaxCodeChanges) throws -> TaxCode {
        try db.transaction { db in
            let row = try db.query(TaxCodeStatements.lock, [id]).first(orNotFound: "tax code", id: id)
            let current = try Self.taxCode(row)
            let rate = changes.rate ?? current.rate
            let category = changes.category ?? current.category
            let reason = changes.exemptionReason ?? current.exemptionReason
            var errors = TaxCodeRules.violations(
                code: nil, name: changes.name, rate: rate, category: category, exemptionReason: reason)
            let payable = try changes.payableAccountID.map { try account($0, at: "payableAccountId", errors: &errors) }
                ?? current.payableAccountID
            let receivable = try changes.receivableAccountID.map {
                try account($0, at: "receivableAccountId", errors: &errors)
            } ?? current.receivableAccountID
            if current.isUsed {
                let fixed: [(String, Bool)] = [
                    ("rate", rate != current.rate), ("category", category != current.category),
                    ("payableAccountId", payable != current.payableAccountID),
                    ("receivableAccountId", receivable != current.receivableAccountID),
                ]
                for (path, changed) in fixed where changed {
                    errors.append(
                        FieldViolation(
                            path: path, code: .conflict,
                            message: "cannot change: the tax code is used by documents; create a new tax code instead"))
                }
            }
            try LedgerError.check(errors)
            try db.query(
                TaxCodeStatements.update,
                [id, changes.name ?? current.name, rate, category.rawValue, reason, payable, receivable])
        }
        return try get(id)
    }

    /// Archives (`true`) or restores (`false`) a code.
    public func setArchived(_ id: UUID, _ archived: Bool) throws -> TaxCode {
        guard try db.query(TaxCodeStatements.archive, [id, archived]).affectedRows == 1 else {
            throw LedgerError.notFound(resource: "tax code", id: id.uuidString.lowercased())
        }
        return try get(id)
    }

    /// The codes with `ids` (archived included), one query.
    func codes(_ ids: [UUID]) throws -> [UUID: TaxCode] {
        guard !ids.isEmpty else { return [:] }
        var codes = [UUID: TaxCode]()
        for row in try db.query(TaxCodeStatements.byIDs, [SQLArray(Array(Set(ids)))]) {
            let code = try Self.taxCode(row)
            codes[code.id] = code
        }
        return codes
    }

    /// The given account if it is active and of a type tax can sit on (liability or asset), else a violation at
    /// `path`; `nil` means the tenant's tax payable account.
    private func account(_ id: UUID?, at path: String, errors: inout [FieldViolation]) throws -> UUID {
        let accounts = AccountRepository(db)
        guard let id else { return try accounts.account(role: .taxPayable).id }
        guard let account = try accounts.find(id) else {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "names no account"))
            return id
        }
        if account.isArchived {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "is archived"))
        } else if account.type != .liability && account.type != .asset {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "must be a liability or asset account"))
        }
        return id
    }

    static func taxCode(_ row: PostgresRow) throws -> TaxCode {
        TaxCode(
            id: try row.decode(UUID.self, "id"), code: try row.decode(String.self, "code"),
            name: try row.decode(String.self, "name"), rate: try row.decode(ExactDecimal.self, "rate"),
            category: try LedgerSQL.value(TaxCodeCategory.self, row, "category"),
            exemptionReason: try row.decode(String?.self, "exemption_reason"),
            payableAccountID: try row.decode(UUID.self, "payable_account_id"),
            receivableAccountID: try row.decode(UUID.self, "receivable_account_id"),
            archivedAt: try row.decode(Date?.self, "archived_at"), isUsed: try row.decode(Bool.self, "used"),
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
    }
}
