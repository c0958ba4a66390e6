import Domain
import Foundation
import Postgres

/// Products and services of the tenant the connection is bound to.
public struct ItemRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds an item; currency defaults to `defaultCurrency`, income account to the sales income account.
    /// - Throws: ``LedgerError/validation(_:)`` at `code`, `name`, `unitPrice`, `taxRate`, `incomeAccountId`,
    ///   `recurringTemplate/…`.
    public func create(_ draft: ItemDraft, defaultCurrency: Currency) throws -> Item {
        let (currency, account) = try validated(draft, defaultCurrency: defaultCurrency)
        return try write(ItemStatements.insert, [], draft, currency, account)
    }

    /// Replaces every field of item `id`.
    public func update(_ id: UUID, _ draft: ItemDraft, defaultCurrency: Currency) throws -> Item {
        _ = try get(id)
        let (currency, account) = try validated(draft, defaultCurrency: defaultCurrency)
        return try write(ItemStatements.update, [id], draft, currency, account)
    }

    /// The item with `id`.
    public func get(_ id: UUID) throws -> Item {
        return try Self.item(db.query(ItemStatements.byID, [id]).first(orNotFound: "item", id: id))
    }

    /// The items with these ids that exist, by id (one query).
    public func items(_ ids: [UUID]) throws -> [UUID: Item] {
        guard !ids.isEmpty else { return [:] }
        let items = try db.query(ItemStatements.byIDs, [SQLArray(Array(Set(ids)))]).map(Self.item)
        return Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
    }

    /// Archives (no new sales) or restores an item.
    public func setArchived(_ id: UUID, _ archived: Bool) throws -> Item {
        return try Self.item(db.query(ItemStatements.archive, [id, archived]).first(orNotFound: "item", id: id))
    }

    /// A page of items, newest first.
    public func list(includeArchived: Bool = false, page: PageRequest = PageRequest()) throws -> Page<Item> {
        let rows = try db.query(ItemStatements.list, [includeArchived] + page.parameters)
        return try Page.make(rows: rows, limit: page.limit, Self.item).page
    }

    private func validated(_ draft: ItemDraft, defaultCurrency: Currency) throws -> (Currency, UUID) {
        let currency = draft.currency ?? defaultCurrency
        var errors = draft.violations(currency: currency)
        let account: UUID
        if let id = draft.incomeAccountID {
            account = id
            if try !activeAccounts([id]).contains(id) {
                errors.append(FieldViolation(path: "incomeAccountId", code: .invalidValue, message: "names no active account"))
            }
        } else {
            account = try AccountRepository(db).account(role: .salesIncome).id
        }
        try LedgerError.check(errors)
        return (currency, account)
    }

    private func write(
        _ statement: PostgresStatement, _ leading: [any PostgresEncodable], _ draft: ItemDraft, _ currency: Currency,
        _ account: UUID
    ) throws -> Item {
        let template = draft.recurringTemplate
        let parameters: [any PostgresEncodable] =
            leading + [
                draft.code, draft.name, draft.kind.rawValue, draft.unitPrice, currency.code, account, draft.taxRate,
                template?.schedule.json, template?.statementReference, template?.autoTrigger ?? false,
            ]
        do {
            return try db.transaction { db in try Self.item(db.query(statement, parameters).first(orNotFound: "item", id: leading.first as? UUID)) }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw LedgerError.invalid("code", .conflict, "is already used by another item")
        }
    }

    /// Which of `ids` are active accounts.
    func activeAccounts(_ ids: [UUID]) throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try db.query(ItemStatements.activeAccounts, [SQLArray(Array(Set(ids)))]).map { try $0.decode(UUID.self, "id") })
    }

    static func item(_ row: PostgresRow) throws -> Item {
        var template: ItemRecurringTemplate?
        if let json = try row.decode(String?.self, "template_schedule"),
            let reference = try row.decode(String?.self, "template_statement_reference")
        {
            template = ItemRecurringTemplate(
                schedule: try StoredSchedule.decode(json, column: "template_schedule"), statementReference: reference,
                autoTrigger: try row.decode(Bool.self, "template_auto_trigger"))
        }
        return Item(
            id: try row.decode(UUID.self, "id"), code: try row.decode(String.self, "code"),
            name: try row.decode(String.self, "name"), kind: try LedgerSQL.value(ItemKind.self, row, "kind"),
            unitPrice: try row.decode(ExactDecimal.self, "unit_price"), currency: try LedgerSQL.currency(row),
            incomeAccountID: try row.decode(UUID.self, "income_account_id"),
            taxRate: try row.decode(ExactDecimal?.self, "tax_rate"), recurringTemplate: template,
            archivedAt: try row.decode(Date?.self, "archived_at"), createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at"))
    }
}
