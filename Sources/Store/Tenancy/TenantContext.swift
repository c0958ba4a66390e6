import Domain
import Foundation

/// Everything a request or a job needs to know about the tenant it works for. A `Sendable` value: pass it to
/// ``TenantDatabase/transaction(_:isolation:_:)`` to work in the tenant's schema.
public struct TenantContext: Sendable, Hashable {
    public let id: Int64
    public let slug: String
    /// The tenant's schema (unquoted), e.g. `tenant_acme_corp`.
    public let schemaName: String
    /// The schema name double-quoted by ``quoteIdentifier(_:)``: the value given to `search_path`.
    public let quotedSchemaName: String
    /// The IANA name as stored (`timeZone.identifier` may differ: Foundation calls `UTC` `GMT`).
    public let timeZoneIdentifier: String
    public let timeZone: TimeZone
    /// The base currency.
    public let currency: Currency
    /// The month (1…12) the fiscal year starts in.
    public let fiscalYearStartMonth: Int
    public let status: TenantStatus
    /// The cluster its schema lives on (the tenant directory, docs/scaling.md): its work goes to that cluster's pool
    /// (``ClusterPools``).
    public let cluster: String

    /// A context; the schema name must be a plain lower-case identifier and the time zone one Foundation knows.
    public init(
        id: Int64, slug: String, schemaName: String, timeZone: String, currency: Currency,
        fiscalYearStartMonth: Int, status: TenantStatus, cluster: String = ClusterConnections.defaultName
    ) throws(TenantError) {
        self.id = id
        self.slug = slug
        self.schemaName = schemaName
        do {
            quotedSchemaName = try quoteIdentifier(schemaName)
        } catch {
            throw .invalidSchemaName(schemaName)
        }
        timeZoneIdentifier = timeZone
        self.timeZone = try TenantDraft.timeZone(timeZone)
        self.currency = currency
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.status = status
        self.cluster = cluster
    }

    /// A context from values already checked (rows read back from the control schema).
    init(
        id: Int64, slug: String, schemaName: String, timeZoneIdentifier: String, timeZone: TimeZone,
        currency: Currency, fiscalYearStartMonth: Int, status: TenantStatus, cluster: String
    ) throws(IdentifierError) {
        self.id = id
        self.slug = slug
        self.schemaName = schemaName
        quotedSchemaName = try quoteIdentifier(schemaName)
        self.timeZoneIdentifier = timeZoneIdentifier
        self.timeZone = timeZone
        self.currency = currency
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.status = status
        self.cluster = cluster
    }

    /// The tenant's fiscal calendar, for schedules.
    public var scheduleContext: ScheduleContext {
        ScheduleContext(fiscalYearStartMonth: fiscalYearStartMonth) ?? .calendarYear
    }

    /// The tenant's "today": the calendar date in its time zone at `now`.
    public func today(at now: Date = Date()) -> CalendarDate {
        CalendarDate.today(in: timeZone, at: now)
    }
}
