import Domain
import Foundation
import Postgres

/// Customers and vendors of the tenant the connection is bound to.
public struct PartyRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds a party; its currency defaults to `defaultCurrency` (the tenant's base currency).
    /// - Throws: ``LedgerError/validation(_:)`` at `name`, `email`, `paymentTermsDays`, `controlAccountId`.
    public func create(_ draft: PartyDraft, defaultCurrency: Currency) throws -> Party {
        let controlAccount = try resolveControlAccount(draft)
        return try db.transaction { db in
            try Self.party(
                db.query(
                    PartyStatements.insert,
                    [
                        draft.kind.rawValue, draft.name, draft.email, controlAccount, draft.paymentTermsDays,
                        (draft.currency ?? defaultCurrency).code,
                    ] + Self.documentFields(draft)).first(orNotFound: "party"))
        }
    }

    /// The party with `id`.
    public func get(_ id: UUID) throws -> Party {
        try Self.party(try db.query(PartyStatements.byID, [id]).first(orNotFound: "party", id: id))
    }

    /// The party with `id`, or `nil`.
    public func find(_ id: UUID) throws -> Party? {
        try db.query(PartyStatements.byID, [id]).first.map(Self.party)
    }

    /// The parties with these ids, by id (absent ids are left out).
    public func parties(_ ids: [UUID]) throws -> [UUID: Party] {
        guard !ids.isEmpty else { return [:] }
        let parties = try db.query(PartyStatements.byIDs, [SQLArray(Array(Set(ids)))]).map(Self.party)
        return Dictionary(uniqueKeysWithValues: parties.map { ($0.id, $0) })
    }

    /// Replaces name, e-mail, control account, terms and currency. The kind never changes, and the currency
    /// only while the party has no documents.
    public func update(_ id: UUID, _ draft: PartyDraft, defaultCurrency: Currency) throws -> Party {
        let current = try get(id)
        guard draft.kind == current.kind else {
            throw LedgerError.invalid("kind", .conflict, "cannot change from \(current.kind.wireValue)")
        }
        let controlAccount = try resolveControlAccount(draft)
        let currency = draft.currency ?? current.currency
        if currency != current.currency, try db.query(PartyStatements.hasDocuments, [id]).first(orNotFound: "party", id: id).decode(Bool.self, "used") {
            throw LedgerError.invalid("currency", .conflict, "cannot change once the party has documents")
        }
        return try db.transaction { db in
            try Self.party(
                db.query(
                    PartyStatements.update,
                    [id, draft.name, draft.email, controlAccount, draft.paymentTermsDays, currency.code]
                        + Self.documentFields(draft)).first(orNotFound: "party", id: id))
        }
    }

    /// Archives (hides from listings and new documents) or restores a party.
    public func setArchived(_ id: UUID, _ archived: Bool) throws -> Party {
        return try Self.party(db.query(PartyStatements.archive, [id, archived]).first(orNotFound: "party", id: id))
    }

    /// A page of parties, newest first.
    public func list(kind: PartyKind? = nil, includeArchived: Bool = false, page: PageRequest = PageRequest()) throws
        -> Page<Party>
    {
        let rows = try db.query(PartyStatements.list, [kind?.rawValue, includeArchived] + page.parameters)
        return try Page.make(rows: rows, limit: page.limit, Self.party).page
    }

    /// The validated control account: the given one (active, of the kind's type) or the kind's default.
    private func resolveControlAccount(_ draft: PartyDraft) throws -> UUID {
        var errors = draft.violations()
        var accountID: UUID?
        let accounts = AccountRepository(db)
        if let id = draft.controlAccountID {
            if let account = try accounts.find(id) {
                if account.isArchived {
                    errors.append(FieldViolation(path: "controlAccountId", code: .invalidValue, message: "is archived"))
                } else if account.type != draft.kind.controlAccountType {
                    errors.append(
                        FieldViolation(
                            path: "controlAccountId", code: .invalidValue,
                            message: "must be an \(draft.kind.controlAccountType.wireValue) account for a \(draft.kind.wireValue)"))
                }
                accountID = account.id
            } else {
                errors.append(FieldViolation(path: "controlAccountId", code: .invalidValue, message: "names no account"))
            }
        } else {
            accountID = try accounts.account(role: draft.kind.defaultControlRole).id
        }
        try LedgerError.check(errors)
        guard let accountID else { throw LedgerError.invalid("controlAccountId", .required, "is required") }
        return accountID
    }

    /// Billing address (JSON), VAT id, registration id, buyer reference, reminders opt-out, language, cc addresses:
    /// parameters $7…$13 of insert and update.
    private static func documentFields(_ draft: PartyDraft) throws -> [any PostgresEncodable] {
        let address = try draft.billingAddress.map(JSONText.encode)
        return [
            address, draft.vatID, draft.registrationID, draft.buyerReference, draft.remindersOptOut,
            draft.language?.rawValue, SQLArray(draft.billingCC),
        ]
    }

    static func party(_ row: PostgresRow) throws -> Party {
        Party(
            id: try row.decode(UUID.self, "id"), kind: try LedgerSQL.value(PartyKind.self, row, "kind"),
            name: try row.decode(String.self, "name"), email: try row.decode(String?.self, "email"),
            controlAccountID: try row.decode(UUID.self, "control_account_id"),
            paymentTermsDays: try row.decode(Int.self, "payment_terms_days"), currency: try LedgerSQL.currency(row),
            billingAddress: try row.decode(String?.self, "billing_address").map { try JSONText.decode(PostalAddress.self, from: $0) },
            vatID: try row.decode(String?.self, "vat_id"), registrationID: try row.decode(String?.self, "registration_id"),
            buyerReference: try row.decode(String?.self, "buyer_reference"),
            remindersOptOut: try row.decode(Bool.self, "reminders_opt_out"),
            language: try row.decode(String?.self, "language").flatMap(DocumentLocale.init(rawValue:)),
            billingCC: try JSONText.decode([String].self, from: try row.decode(String.self, "billing_cc")),
            creditBalance: try row.decode(ExactDecimal.self, "credit_balance"),
            archivedAt: try row.decode(Date?.self, "archived_at"), createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at"))
    }
}
