import Domain
import Foundation
import Postgres

/// A rule "description contains X → account Y (, party Z)" that auto-reconcile applies to lines no invoice matches.
public struct BankRule: Sendable, Hashable {
    public let id: UUID
    /// `nil`: every bank account.
    public let bankAccountID: UUID?
    public let descriptionContains: String
    public let accountID: UUID
    public let memo: String?
    /// The party named on the entry's lines; `nil`: none.
    public let partyID: UUID?
    public let createdAt: Date

    /// Whether the line's description (or reference) contains the rule's text, case and accents aside.
    public func matches(_ line: BankStatementLine) -> Bool {
        let needle = BankRule.folded(descriptionContains)
        return BankRule.folded(line.description).contains(needle) || BankRule.folded(line.reference ?? "").contains(needle)
    }

    static func folded(_ text: String) -> String { BankMatcher.folded(text) }
}

/// What auto-reconcile did.
public struct AutoReconcileResult: Sendable, Hashable {
    public let byRule: Int
    public let byMatch: Int
    /// Lines left for a person: no rule, no single confident match, or their reconciliation was refused.
    public let remaining: Int
}

/// The tenant's bank rules, and auto-reconcile.
public struct BankRuleRepository {
    let db: PostgresConnection

    /// Rules tried per line, and lines handled per auto-reconcile call (a bound on the work of one request: one
    /// statement file's worth, the parsers' line cap).
    public static let maxRules = 200
    public static let maxLinesPerRun = 100_000

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds a rule.
    /// - Throws: ``LedgerError/validation(_:)`` at `descriptionContains`, `accountId`, `bankAccountId`, `memo`, `partyId`.
    public func create(
        bankAccountID: UUID?, descriptionContains: String, accountID: UUID, memo: String?, partyID: UUID? = nil
    ) throws -> BankRule {
        var errors = TextField.violations(descriptionContains, at: "descriptionContains", maxLength: 100)
        errors += TextField.violations(memo, at: "memo", maxLength: 200)
        let account = try AccountRepository(db).find(accountID)
        if account == nil || account?.isArchived == true {
            errors.append(FieldViolation(path: "accountId", code: .invalidValue, message: "must name an active account"))
        }
        if let bankAccountID, (try? BankAccountRepository(db).get(bankAccountID)) == nil {
            errors.append(FieldViolation(path: "bankAccountId", code: .invalidValue, message: "names no bank account"))
        }
        if let partyID {
            let party = try PartyRepository(db).find(partyID)
            if party == nil || party?.archivedAt != nil {
                errors.append(FieldViolation(path: "partyId", code: .invalidValue, message: "must name an active party"))
            }
        }
        try LedgerError.check(errors)
        return try db.transaction { db in
            try Self.rule(
                try db.query(BankingStatements.insertRule, [bankAccountID, descriptionContains, accountID, memo, partyID]).first(orNotFound: "bank rule"))
        }
    }

    public func delete(_ id: UUID) throws {
        guard try db.query(BankingStatements.deleteRule, [id]).affectedRows == 1 else {
            throw LedgerError.notFound(resource: "bank rule", id: id.uuidString.lowercased())
        }
    }

    /// The rules that apply to `bankAccountID` (or all with `nil`), oldest first, at most ``maxRules``.
    public func list(bankAccountID: UUID? = nil) throws -> [BankRule] {
        try db.query(BankingStatements.listRules, [bankAccountID, Self.maxRules]).map(Self.rule)
    }

    /// Reconciles the account's oldest unreconciled lines (at most ``maxLinesPerRun``): the first rule whose text
    /// the line contains → its account; otherwise money in whose best suggestion scores `minimumScore` or more, is
    /// the exact outstanding and is not tied with the next → a payment of that invoice. Set-based
    /// (``BankAutoReconciliation``); a line the one-line path would refuse (a lock date, …) is left for a person.
    /// `minimumScore`: the confidence a match needs; `nil`: the bank account's own (`autoReconcileMinScore`).
    /// `writers`: connections of their own to write the chunks on, several at once, each chunk committed by itself;
    /// `nil`: every chunk in this transaction (the whole run commits or fails as one).
    public func autoReconcile(bankAccountID: UUID, minimumScore: Int? = nil, writers: ChunkWriters? = nil) throws -> AutoReconcileResult {
        let account = try BankAccountRepository(db).get(bankAccountID)
        return try BankAutoReconciliation(db: db, writers: writers).run(
            bankAccountID: bankAccountID, minimumScore: minimumScore ?? account.autoReconcileMinScore, rules: try list(bankAccountID: bankAccountID),
            maxLines: Self.maxLinesPerRun)
    }

    static func rule(_ row: PostgresRow) throws -> BankRule {
        BankRule(
            id: try row.decode(UUID.self, "id"), bankAccountID: try row.decode(UUID?.self, "bank_account_id"),
            descriptionContains: try row.decode(String.self, "description_contains"), accountID: try row.decode(UUID.self, "account_id"),
            memo: try row.decode(String?.self, "memo"), partyID: try row.decode(UUID?.self, "party_id"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}
