import Domain
import Foundation
import Postgres

/// Which side an ageing report reads: what customers owe (receivable control accounts) or what is owed to vendors
/// (payable control accounts).
public enum AgeingSide: String, Sendable, Hashable {
    case receivable, payable
}

/// Open items as of a date by days past due, per party, in one currency (docs/reports.md, "Ageing"). Receivables
/// are debit balances, payables credit balances; both are shown positive when owed.
public struct AgeingReport: Sendable, Hashable {
    /// Amounts by days past due on the as-of date.
    public struct Buckets: Sendable, Hashable {
        /// Not yet due (due on or after the as-of date).
        public let current: ExactDecimal
        public let days1To30: ExactDecimal
        public let days31To60: ExactDecimal
        public let days61To90: ExactDecimal
        public let daysOver90: ExactDecimal
        /// Balances not filed under an invoice or expense (customer credit, manual entries): not aged.
        public let unallocated: ExactDecimal
        public let total: ExactDecimal
        /// Open invoices and expenses counted in the buckets.
        public let openItems: Int
    }

    /// One party's open items (`partyID` nil: lines without a party).
    public struct Party: Sendable, Hashable {
        public let partyID: UUID?
        public let name: String?
        public let buckets: Buckets
    }

    /// A control account and its balance on the as-of date (owed side positive).
    public struct ControlAccount: Sendable, Hashable {
        public let id: UUID
        public let code: String
        public let name: String
        public let balance: ExactDecimal
    }

    public let side: AgeingSide
    public let asOf: CalendarDate
    public let currency: Currency
    public let accounts: [ControlAccount]
    /// By party name.
    public let parties: [Party]
    /// Σ of the parties; `total.total` equals Σ of the accounts' balances.
    public let total: Buckets
}

/// How much of an ageing report to compute: every party's buckets, or only the totals and the control accounts
/// (`parties` empty; the dashboard's chart).
public enum AgeingDetail: String, WireEnum, Sendable, Hashable {
    case parties, totals
}

/// Reads the ageing reports of the tenant the connection is bound to.
public struct AgeingRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// What was open on `asOf` on `side` in `currency`: everything dated on or before it. One snapshot (repeatable
    /// read): whether a line is dated after `asOf` and the figures are read from the same state of the ledger. In a
    /// transaction the caller opened, that transaction's isolation holds — a savepoint cannot change it, so none is
    /// made (it cost two round trips for nothing; the report only reads): the ageing routes open theirs repeatable
    /// read. `detail` `.totals`: the same `accounts` and `total`, `parties` empty; as of a date with no control-account
    /// line after it, read from the due-date summary (0048) instead of every open document.
    public func report(_ side: AgeingSide, asOf: CalendarDate, currency: Currency, detail: AgeingDetail = .parties)
        throws -> AgeingReport
    {
        if db.isInTransaction { return try Self.report(db, side, asOf: asOf, currency: currency, detail: detail) }
        return try db.transaction(isolation: .repeatableRead) { db in
            try Self.report(db, side, asOf: asOf, currency: currency, detail: detail)
        }
    }

    static func report(
        _ db: PostgresConnection, _ side: AgeingSide, asOf: CalendarDate, currency: Currency, detail: AgeingDetail
    ) throws -> AgeingReport {
        let (now, totals, general, control) = side == .receivable
            ? (AgeingStatements.receivableNow, AgeingStatements.receivableTotals, AgeingStatements.receivable,
               AgeingStatements.receivableAccounts)
            : (AgeingStatements.payableNow, AgeingStatements.payableTotals, AgeingStatements.payable,
               AgeingStatements.payableAccounts)
        let asOfNow = detail == .totals ? totals : now
        let controlRows = try db.query(control, [LedgerSQL.date(asOf), currency.code])
        let ids = try controlRows.map { try $0.decode(UUID.self, "id") }
        // No control-account line after the date (the usual "as of today"): what was open then is what is open now.
        // (No control account: no line at all, after the date or not.)
        let later = try controlRows.first?.decode(Bool.self, "later") ?? false
        let statement = later ? general : asOfNow
        var accounts = [AgeingReport.ControlAccount](), parties = [AgeingReport.Party](), total: AgeingReport.Buckets?
        for row in try db.query(statement, [LedgerSQL.date(asOf), currency.code, SQLArray(ids)]) {
            switch try row.decode(String.self, "kind") {
            case "account":
                accounts.append(
                    AgeingReport.ControlAccount(
                        id: try row.decode(UUID.self, "id"), code: try row.decode(String.self, "code"),
                        name: try row.decode(String.self, "name"), balance: try row.decode(ExactDecimal.self, "total")))
            case "party":
                guard detail == .parties else { continue }
                parties.append(
                    AgeingReport.Party(
                        partyID: try row.decode(UUID?.self, "id"), name: try row.decode(String?.self, "name"),
                        buckets: try Self.buckets(row)))
            default:
                total = try Self.buckets(row)
            }
        }
        guard let total else {
            throw PostgresError.decoding(DecodingFailure(column: "kind", reason: .invalidValue(expected: "a total row")))
        }
        return AgeingReport(side: side, asOf: asOf, currency: currency, accounts: accounts, parties: parties, total: total)
    }

    static func buckets(_ row: PostgresRow) throws -> AgeingReport.Buckets {
        AgeingReport.Buckets(
            current: try row.decode(ExactDecimal.self, "current"), days1To30: try row.decode(ExactDecimal.self, "days_1_30"),
            days31To60: try row.decode(ExactDecimal.self, "days_31_60"),
            days61To90: try row.decode(ExactDecimal.self, "days_61_90"),
            daysOver90: try row.decode(ExactDecimal.self, "days_over_90"),
            unallocated: try row.decode(ExactDecimal.self, "unallocated"), total: try row.decode(ExactDecimal.self, "total"),
            openItems: Int(try row.decode(Int64.self, "open_items")))
    }
}
