import Domain
import Foundation
import Postgres

/// The budgets of the tenant the connection is bound to: created and replaced whole (lines, months,
/// allocations, thresholds) in one transaction.
public struct BudgetRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Creates a budget for `tenant`'s fiscal calendar (the period is fixed from its fiscal-year start month).
    /// - Throws: ``LedgerError/validation(_:)`` at `name`, `fiscalYear`, `scopeValue`, `thresholds`, `lines/<i>/…`.
    public func create(_ draft: BudgetDraft, tenant: TenantContext) throws -> Budget {
        let valid = try validate(draft, tenant: tenant)
        let id = try db.transaction { db in
            let id = try db.query(BudgetStatements.insert, header(valid)).first(orNotFound: "budget").decode(UUID.self, "id")
            try writeLines(id, valid)
            return id
        }
        return try get(id)
    }

    /// Replaces a budget's header, thresholds and lines. Allowed at any time: actuals are read from the ledger,
    /// so nothing recorded depends on the plan.
    public func update(_ id: UUID, _ draft: BudgetDraft, tenant: TenantContext) throws -> Budget {
        let valid = try validate(draft, tenant: tenant)
        try db.transaction { db in
            guard try db.query(BudgetStatements.lockByID, [id]).first != nil else {
                throw LedgerError.notFound(resource: "budget", id: id.uuidString.lowercased())
            }
            try db.query(BudgetStatements.update, [id as any PostgresEncodable] + header(valid))
            try db.query(BudgetStatements.clearLines, [id])
            try db.query(BudgetStatements.clearThresholds, [id])
            try writeLines(id, valid)
        }
        return try get(id)
    }

    /// The budget with `id`, lines included.
    public func get(_ id: UUID) throws -> Budget {
        let row = try db.query(BudgetStatements.byID, [id]).first(orNotFound: "budget", id: id)
        let currency = try LedgerSQL.currency(row)
        var allocations = [Int: [BudgetAllocation]]()
        for allocation in try db.query(BudgetStatements.allocations, [id]) {
            let amount = try allocation.decode(ExactDecimal.self, "amount").rounded(toPlaces: currency.minorUnits)
            allocations[try allocation.decode(Int.self, "line_no"), default: []].append(
                BudgetAllocation(name: try allocation.decode(String.self, "name"), amount: amount))
        }
        let lines = try db.query(BudgetStatements.lines, [id]).map { try Self.line($0, currency, allocations) }
        return try Self.budget(row, lines: lines)
    }

    /// A page of budgets, newest first, without their lines.
    public func list(page: PageRequest = PageRequest()) throws -> Page<Budget> {
        try Page.make(rows: db.query(BudgetStatements.list, page.parameters), limit: page.limit) {
            try Self.budget($0, lines: [])
        }.page
    }

    // MARK: - Writing

    /// A draft checked against the tenant's chart, with its defaults filled in.
    struct Valid {
        let draft: BudgetDraft
        let year: FiscalYear
        let currency: Currency
        let thresholds: [ExactDecimal]
        let months: [[ExactDecimal]]
    }

    private func header(_ valid: Valid) -> [any PostgresEncodable] {
        [
            valid.draft.name, valid.year.year, valid.year.start, valid.year.end, valid.draft.scope.rawValue,
            valid.draft.scopeValue, valid.currency.code, valid.draft.annualAction.rawValue,
            valid.draft.monthlyAction.rawValue,
        ]
    }

    private func writeLines(_ id: UUID, _ valid: Valid) throws {
        for (index, line) in valid.draft.lines.enumerated() {
            try db.query(BudgetStatements.insertLine, [id, index + 1, line.accountID, line.plan.amount])
            try db.query(BudgetStatements.insertMonths, [id, index + 1, valid.months[index].map(\.description).joined(separator: ",")])
            for (position, allocation) in line.plan.allocations.enumerated() {
                try db.query(BudgetStatements.insertAllocation, [id, index + 1, position + 1, allocation.name, allocation.amount])
            }
        }
        if !valid.thresholds.isEmpty {
            try db.query(BudgetStatements.insertThresholds, [id, valid.thresholds.map(\.description).joined(separator: ",")])
        }
    }

    // MARK: - Reading rows

    static func budget(_ row: PostgresRow, lines: [BudgetLine]) throws -> Budget {
        let start = try row.decode(CalendarDate.self, "period_start")
        guard let year = FiscalYear(year: try row.decode(Int.self, "fiscal_year"), startMonth: start.month) else {
            throw PostgresError.decoding(DecodingFailure(column: "fiscal_year", reason: .invalidValue(expected: "fiscal year")))
        }
        let thresholds = try row.decode(String.self, "thresholds").split(separator: ",").compactMap { ExactDecimal(String($0)) }
        return Budget(
            id: try row.decode(UUID.self, "id"), name: try row.decode(String.self, "name"), fiscalYear: year,
            scope: try LedgerSQL.value(BudgetScope.self, row, "scope"), scopeValue: try row.decode(String?.self, "scope_value"),
            currency: try LedgerSQL.currency(row), annualAction: try LedgerSQL.value(BudgetControlAction.self, row, "annual_action"),
            monthlyAction: try LedgerSQL.value(BudgetControlAction.self, row, "monthly_action"), thresholds: thresholds, lines: lines,
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
    }

    static func line(_ row: PostgresRow, _ currency: Currency, _ allocations: [Int: [BudgetAllocation]]) throws -> BudgetLine {
        let lineNo = try row.decode(Int.self, "line_no")
        let months = (try row.decode(String?.self, "months") ?? "").split(separator: ",")
            .compactMap { ExactDecimal(String($0))?.rounded(toPlaces: currency.minorUnits) }
        return BudgetLine(
            lineNo: lineNo, accountID: try row.decode(UUID.self, "account_id"), accountCode: try row.decode(String.self, "code"),
            accountName: try row.decode(String.self, "account_name"), kind: try LedgerSQL.value(BudgetLineKind.self, row, "type"),
            amount: try row.decode(ExactDecimal.self, "amount").rounded(toPlaces: currency.minorUnits), months: months,
            allocations: allocations[lineNo] ?? [])
    }
}
