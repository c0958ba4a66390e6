// Statements, key cache and JSON of the peer (see main.swift).

import Foundation
import Hummingbird
import NIOCore
import PostgresNIO
import Synchronization

// MARK: Statements (same SQL text as Sources/Store/APIKeys/APIKeyStatements.swift and Tenancy/TenantStatements.swift)

let tenantColumns: String = """
    t.id, t.slug, t.display_name, t.schema_name, t.status, t.time_zone, t.base_currency,
    t.fiscal_year_start_month, t.created_at, t.updated_at, t.deleted_at
    """

/// One tenant row, every column decoded (as Store's `Tenant(row:)` does).
struct TenantRow: Sendable {
    var id: Int64
    var slug: String
    var displayName: String
    var schemaName: String
    var status: String
    var timeZone: String
    var currency: String
    var fiscalYearStartMonth: Int
    var createdAt: Date
    var updatedAt: Date
    var deletedAt: Date?

    init(_ row: PostgresRandomAccessRow, offset: Int = 0) throws {
        id = try row[offset + 0].decode(Int64.self)
        slug = try row[offset + 1].decode(String.self)
        displayName = try row[offset + 2].decode(String.self)
        schemaName = try row[offset + 3].decode(String.self)
        status = try row[offset + 4].decode(String.self)
        timeZone = try row[offset + 5].decode(String.self)
        currency = try row[offset + 6].decode(String.self)
        fiscalYearStartMonth = try row[offset + 7].decode(Int.self)
        createdAt = try row[offset + 8].decode(Date.self)
        updatedAt = try row[offset + 9].decode(Date.self)
        deletedAt = try row[offset + 10].decode(Date?.self)
    }
}

struct VerifyKey: PostgresPreparedStatement {
    static let name = "recur_key_verify"
    static let sql = """
        WITH hit AS (
            SELECT k.id, k.tenant_id FROM "recur_control".api_keys k
            WHERE k.key_hash = sha256($1) AND k.revoked_at IS NULL
        ), touched AS (
            UPDATE "recur_control".api_keys AS k SET last_used_at = now()
            FROM hit
            WHERE k.id = hit.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
            RETURNING k.id
        )
        SELECT hit.id AS key_id, \(tenantColumns)
        FROM hit JOIN "recur_control".tenants t ON t.id = hit.tenant_id
        """
    typealias Row = (keyID: Int64, tenant: TenantRow)
    static var bindingDataTypes: [PostgresDataType] { [.bytea] }

    var key: ByteBuffer

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(key)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let row = PostgresRandomAccessRow(row)
        return (try row[0].decode(Int64.self), try TenantRow(row, offset: 1))
    }
}

struct TenantBySlug: PostgresPreparedStatement {
    static let name = "recur_tenant_by_slug"
    static let sql = """
        SELECT \(tenantColumns) FROM "recur_control".tenants t WHERE t.slug = $1 AND t.status <> 'deleted'
        """
    typealias Row = TenantRow
    static var bindingDataTypes: [PostgresDataType] { [.text] }

    var slug: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(slug)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try TenantRow(PostgresRandomAccessRow(row)) }
}

// MARK: Key verification with a 5 s cache (as API/Auth/Authenticator.swift)

enum Verification: Sendable {
    case valid(slug: String)
    case notActive(slug: String, status: String)
    case invalid
}

final class KeyCache: Sendable {
    let client: PostgresClient

    init(client: PostgresClient) { self.client = client }

    struct Entry {
        let verification: Verification
        let expires: ContinuousClock.Instant
    }

    let ttl: Duration = .seconds(5)
    let maximumEntries = 10_000
    let entries = Mutex<[String: Entry]>([:])

    func verification(of key: String) async throws -> Verification {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[key] }), entry.expires > now { return entry.verification }
        let verification = try await verify(key)
        entries.withLock { cache in
            if cache.count >= maximumEntries {
                cache = cache.filter { $0.value.expires > now }
                if cache.count >= maximumEntries { cache.removeAll() }
            }
            cache[key] = Entry(verification: verification, expires: now + ttl)
        }
        return verification
    }

    func verify(_ key: String) async throws -> Verification {
        guard Self.isWellFormed(key) else { return .invalid }
        var found: VerifyKey.Row?
        for try await row in try await client.execute(VerifyKey(key: ByteBuffer(string: key))) where found == nil {
            found = row
        }
        guard let tenant = found?.tenant else { return .invalid }
        switch tenant.status {
        case "active": return .valid(slug: tenant.slug)
        case "suspended": return .notActive(slug: tenant.slug, status: tenant.status)
        default: return .invalid
        }
    }

    /// `rk_<8 lower-case hex>_<43 base64url>`.
    static func isWellFormed(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 3 + 8 + 1 + 43, bytes[0] == UInt8(ascii: "r"), bytes[1] == UInt8(ascii: "k"),
            bytes[2] == UInt8(ascii: "_"), bytes[11] == UInt8(ascii: "_")
        else { return false }
        let hex = bytes[3..<11].allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        let b64 = bytes[12...].allSatisfy {
            (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95
        }
        return hex && b64
    }
}


// MARK: Tenant JSON

/// ISO 4217 minor units of the currencies a bench tenant may use (recur-server has the full table in Domain).
let minorUnits: [String: Int] = ["JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3]

let zones = Mutex<[String: TimeZone]>([:])

func timeZone(_ name: String) -> TimeZone {
    if let zone = zones.withLock({ $0[name] }) { return zone }
    let zone = TimeZone(identifier: name) ?? TimeZone(secondsFromGMT: 0)!
    zones.withLock { $0[name] = zone }
    return zone
}

/// The calendar date in `zone` now, `YYYY-MM-DD` (civil-from-days, proleptic Gregorian).
func today(in zone: TimeZone, now: Date = Date()) -> String {
    let local = now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now))
    let z = Int((local / 86_400).rounded(.down)) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
}

func appendJSONString(_ text: String, to out: inout String) {
    out.append("\"")
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out.append("\\\"")
        case "\\": out.append("\\\\")
        case "\n": out.append("\\n")
        case "\r": out.append("\\r")
        case "\t": out.append("\\t")
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        default: out.unicodeScalars.append(scalar)
        }
    }
    out.append("\"")
}

func tenantJSON(_ t: TenantRow) -> String {
    var out = "{"
    out.reserveCapacity(256)
    out.append("\"slug\":"); appendJSONString(t.slug, to: &out)
    out.append(",\"name\":"); appendJSONString(t.displayName, to: &out)
    out.append(",\"status\":"); appendJSONString(t.status, to: &out)
    out.append(",\"time_zone\":"); appendJSONString(t.timeZone, to: &out)
    out.append(",\"currency\":"); appendJSONString(t.currency, to: &out)
    out.append(",\"currency_minor_units\":\(minorUnits[t.currency] ?? 2)")
    out.append(",\"fiscal_year_start_month\":\(t.fiscalYearStartMonth)")
    out.append(",\"today\":\"\(today(in: timeZone(t.timeZone)))\"}")
    return out
}


// MARK: Responses

func json(_ status: HTTPResponse.Status, _ body: String, extra: HTTPFields = [:]) -> Response {
    var headers: HTTPFields = [.contentType: status == .ok ? "application/json" : "application/problem+json"]
    headers.append(contentsOf: extra)
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}

func unauthorized(_ detail: String) -> Response {
    json(
        .unauthorized, #"{"type":"unauthorized","title":"Unauthorized","status":401,"detail":"\#(detail)"}"#,
        extra: [.wwwAuthenticate: #"Bearer realm="recur""#])
}


// MARK: Routes

func makeRouter(client: PostgresClient, keyCache: KeyCache) -> Router<BasicRequestContext> {
    let healthBody = ByteBuffer(string: #"{"status":"ok"}"#)
    let router = Router()
    router.get("/healthz") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: healthBody))
    }
    router.get("/v1/tenant") { request, _ -> Response in
        guard let header = request.headers[.authorization] else {
            return unauthorized("Send an API key: Authorization: Bearer <key>.")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return unauthorized("The Authorization header must use the Bearer scheme.")
        }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let slug: String
        switch try await keyCache.verification(of: key) {
        case .valid(let s): slug = s
        case .notActive(let s, let status):
            return json(
                .forbidden,
                #"{"type":"tenant-suspended","title":"Tenant suspended","status":403,"detail":"The tenant \#(s) is \#(status)."}"#)
        case .invalid: return unauthorized("The API key is not valid (unknown, malformed or revoked).")
        }
        var tenant: TenantRow?
        for try await row in try await client.execute(TenantBySlug(slug: slug)) where tenant == nil { tenant = row }
        guard let tenant else {
            return json(.notFound, #"{"type":"not-found","title":"Not Found","status":404}"#)
        }
        return json(.ok, tenantJSON(tenant))
    }
    return router
}
