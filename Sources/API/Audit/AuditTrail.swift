import Domain
import HTTPServer
import Postgres
import Store

/// Records a successful write in the tenant's audit trail, on the write's own connection and transaction, so that
/// the write and its event commit or roll back together. Called once, generically, by
/// ``APIEnvironment/tenantHandler(_:)``; handlers do nothing.
enum AuditTrail {
    /// Request-body fields whose values never reach the trail, by name (any depth, any case): `"[redacted]"` is
    /// kept instead, so the trail still says that the field was sent.
    static let redactedFields: Set<String> = [
        "password", "smtp_password", "secret", "signing_secret", "api_key", "key", "token", "totp", "totp_secret",
    ]

    static let redactedValue = "[redacted]"

    /// The longest `changes` kept, in bytes of JSON; a larger body is summarised by its top-level fields.
    static let maximumChangesBytes = 8_192

    /// Whether `method` writes: everything but GET, HEAD and OPTIONS.
    static func isWrite(_ method: HTTPMethod) -> Bool {
        method != .get && method != .head && method != .options
    }

    /// Whether `request` answered by `response` is recorded: a write answered below 400, unless its operation
    /// writes nothing (a preview, ``APIPermissions/writesNothing(_:)``).
    static func isRecorded(_ request: Request, _ response: Response, operation: OpenAPIOperation?) -> Bool {
        isWrite(request.method) && response.status.code < 400 && !(operation.map(APIPermissions.writesNothing) ?? false)
    }

    /// Appends the event of `request` answered by `response`, when ``isRecorded(_:_:operation:)``.
    static func record(
        _ request: Request, _ response: Response, operation: OpenAPIOperation?, actor: Principal, on connection: PostgresConnection
    ) throws {
        guard isRecorded(request, response, operation: operation) else { return }
        let pattern = operation?.path ?? request.path
        try AuditRepository(connection).record(
            AuditEventDraft(
                actor: actor, action: operation?.operationID ?? "\(request.method.rawValue) \(pattern)",
                method: request.method.rawValue, path: request.path, resourceType: resourceType(of: pattern),
                resourceID: resourceID(request, response, pattern: pattern), status: response.status.code,
                requestID: request.requestID, changes: changes(request.body)))
    }

    /// `/v1/invoices/:id/void` → `invoices`; `/v1/tenant` → `tenant`.
    static func resourceType(of pattern: String) -> String {
        let segments = pattern.split(separator: "/")
        let first = segments.first == "v1" ? segments.dropFirst().first : segments.first
        return first.map(String.init) ?? "root"
    }

    /// The path's `:id`; else its other parameters in path order joined by `/` (`invoice_issued/fr` for an e-mail
    /// template); else the `id` of the JSON object a 201 (or 202: an EOD run) answered with.
    static func resourceID(_ request: Request, _ response: Response, pattern: String) -> String? {
        if let id = request.parameters["id"] { return id }
        let named = pattern.split(separator: "/").filter { $0.hasPrefix(":") }.compactMap { request.parameters[String($0.dropFirst())] }
        if !named.isEmpty { return named.joined(separator: "/") }
        guard response.status == .created || response.status == .accepted,
            case .object(let body)? = try? JSONValue.parse(response.body)
        else { return nil }
        switch body["id"] {
        case .string(let id)?: return id
        case .number(let id)?: return id
        default: return nil
        }
    }

    /// The request body as JSON text with ``redactedFields`` redacted, or a summary when it is larger than
    /// ``maximumChangesBytes`` or not JSON; `nil` for an empty body.
    static func changes(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        guard let value = try? JSONValue.parse(body) else {
            return summary(["not_json": true, "bytes": .number(String(body.count))])
        }
        let bytes = redacted(value).jsonBytes
        guard bytes.count > maximumChangesBytes else { return String(decoding: bytes, as: UTF8.self) }
        var fields: [JSONValue] = []
        if case .object(let object) = value { fields = object.members.prefix(100).map { .string(withoutNUL($0.key)) } }
        return summary(["truncated": true, "bytes": .number(String(body.count)), "fields": .array(fields)])
    }

    private static func summary(_ value: JSONValue) -> String { String(decoding: value.jsonBytes, as: UTF8.self) }

    /// jsonb refuses U+0000 in text: it is dropped.
    private static func withoutNUL(_ text: String) -> String {
        text.utf8.contains(0) ? String(text.unicodeScalars.filter { $0 != "\0" }.map(Character.init)) : text
    }

    /// `value` with every member named in ``redactedFields`` replaced by ``redactedValue`` (null stays null: it
    /// says "removed", which is no secret), made storable as jsonb (no U+0000, exponent numbers as text).
    static func redacted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                let key = withoutNUL(member.key)
                if redactedFields.contains(key.lowercased()), member.value != .null {
                    return JSONObject.Member(key: key, value: .string(redactedValue))
                }
                return JSONObject.Member(key: key, value: redacted(member.value))
            }))
        case .array(let items):
            return .array(items.map(redacted))
        case .string(let text):
            return .string(withoutNUL(text))
        case .number(let text) where text.contains(where: { $0 == "e" || $0 == "E" }):
            // jsonb refuses an exponent beyond numeric's range (1e999999): kept as its text.
            return .string(text)
        default:
            return value
        }
    }
}
