import Domain
import Foundation
import HTTPServer
import Store

/// Reading request bodies (every resource): ids, decimals, dates, discounts and schedules, every problem reported with
/// its JSON pointer.
final class RequestBody {
    let reader: JSONObjectReader
    /// Problems at pointers the reader cannot name itself (inside a schedule, a nested template).
    private var extra: [FieldError] = []

    init(_ request: Request) throws {
        reader = try request.body.isEmpty ? JSONObjectReader(.object(JSONObject())) : request.jsonObject()
    }

    init(reader: JSONObjectReader) { self.reader = reader }

    /// Every problem recorded, unknown fields included. Call once.
    func allErrors() -> [FieldError] {
        do {
            try reader.finish()
        } catch {
            return error.errors + extra
        }
        return extra
    }

    /// Adds the problems of a body read apart (a nested object with its own reader).
    func merge(_ other: RequestBody) { extra += other.allErrors() }

    /// Throws 422 with every problem recorded.
    func finish() throws {
        let errors = allErrors()
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    func record(_ errors: [FieldError]) { extra += errors }
}

extension JSONObjectReader {
    func exactDecimal(_ key: String) -> ExactDecimal {
        parseDecimal(key, decimalString(key)) ?? .zero
    }

    func optionalExactDecimal(_ key: String) -> ExactDecimal? {
        optionalDecimalString(key).flatMap { parseDecimal(key, $0) }
    }

    private func parseDecimal(_ key: String, _ text: String) -> ExactDecimal? {
        do { return try ExactDecimal(parsing: text) } catch {
            addError(key, error.description)
            return nil
        }
    }

    func uuid(_ key: String) -> UUID {
        parseUUID(key, string(key)) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    }

    func optionalUUID(_ key: String) -> UUID? {
        optionalString(key).flatMap { parseUUID(key, $0) }
    }

    private func parseUUID(_ key: String, _ text: String) -> UUID? {
        guard let id = UUID(uuidString: text) else {
            if !errors.contains(where: { $0.pointer == FieldError.pointer(path, key) }) { addError(key, "must be an id") }
            return nil
        }
        return id
    }

    func optionalDate(_ key: String) -> CalendarDate? {
        guard let text = optionalString(key) else { return nil }
        guard let date = CalendarDate(text) else {
            addError(key, "must be a calendar date YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// `{"kind": "percent" | "amount", "value": "10"}`.
    func optionalDiscount(_ key: String) -> Discount? {
        optionalObject(key) { object -> Discount? in
            let kind = object.string("kind")
            let value = object.exactDecimal("value")
            guard let discount = Discount(kind: kind, value: value) else {
                if kind != "" { object.addError("kind", "must be percent or amount") }
                return nil
            }
            return discount
        } ?? nil
    }

    /// How money moved in or out (a payment, a refund): `bank_transfer` when `method` is absent; a value that is no
    /// ``PaymentMethod`` is reported (and read as `other`).
    func paymentMethod() -> PaymentMethod {
        contains("method") ? enumValue("method", PaymentMethod.self) ?? .other : .bankTransfer
    }

    /// A case of `T` in its wire spelling (``WireEnum``); anything else is reported with the accepted values.
    func enumValue<T: WireEnum>(_ key: String, _ type: T.Type) -> T? {
        let text = string(key)
        guard let value = T(wireValue: text) else {
            if !text.isEmpty || contains(key) { addError(key, WireValues.mustBeOneOf(T.self)) }
            return nil
        }
        return value
    }

    func optionalEnumValue<T: WireEnum>(_ key: String, _ type: T.Type) -> T? {
        guard let text = optionalString(key) else { return nil }
        guard let value = T(wireValue: text) else {
            addError(key, WireValues.mustBeOneOf(T.self))
            return nil
        }
        return value
    }
}

extension RequestBody {
    /// A schedule object in the shape of docs/schedule.md; its problems are reported under `/<key>/…`.
    func schedule(_ key: String, required: Bool) -> Schedule? {
        guard let value = reader.value(key), value != .null else {
            if required { reader.addError(key, "is required") }
            return nil
        }
        var writer = JSONWriter()
        writer.value(value)
        let base = FieldError.pointer(reader.path, key)
        do {
            let schedule = try Schedule.decode(json: Data(writer.bytes))
            let limits = ScheduleLimits.violations(of: schedule)
            guard limits.isEmpty else {
                record(limits.map { FieldError(pointer: base + $0.pointer, detail: $0.message) })
                return nil
            }
            return schedule
        } catch {
            record(error.errors.map { FieldError(pointer: base + $0.pointer, detail: $0.message) })
            return nil
        }
    }
}

/// Query parameters and path ids.
enum QueryParameters {
    /// The `:id` path parameter as a uuid; anything else is a 404 (like an id of another tenant).
    static func id(_ request: Request, _ resource: String) throws -> UUID {
        guard let id = UUID(uuidString: try request.parameter("id")) else {
            throw Problem.notFound("No \(resource) with this id.")
        }
        return id
    }

    static func page(_ request: Request) throws -> PageRequest {
        let limit = try Pagination.limit(request)
        guard let token = try Pagination.cursor(request) else { return PageRequest(limit: limit) }
        guard let cursor = PageCursor(token: token) else { throw Pagination.invalidCursor }
        return PageRequest(limit: limit, after: cursor)
    }

    static func uuid(_ request: Request, _ name: String) throws -> UUID? {
        guard let text = request.query(name) else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw Problem.validation([FieldError(pointer: "/\(name)", detail: "must be an id")])
        }
        return id
    }

    static func date(_ request: Request, _ name: String) throws -> CalendarDate? {
        guard let text = request.query(name) else { return nil }
        guard let date = CalendarDate(text) else {
            throw Problem.validation([FieldError(pointer: "/\(name)", detail: "must be a calendar date YYYY-MM-DD")])
        }
        return date
    }

    static func bool(_ request: Request, _ name: String) throws -> Bool {
        switch request.query(name) {
        case nil, "false": return false
        case "true": return true
        default: throw Problem.validation([FieldError(pointer: "/\(name)", detail: "must be true or false")])
        }
    }

    /// A case of `T` in its wire spelling (``WireEnum``); anything else is a 422 listing the accepted values.
    static func enumValue<T: WireEnum>(_ request: Request, _ name: String, _ type: T.Type) throws -> T? {
        guard let text = request.query(name) else { return nil }
        guard let value = T(wireValue: text) else {
            throw Problem.validation([FieldError(pointer: "/\(name)", detail: WireValues.mustBeOneOf(T.self))])
        }
        return value
    }
}

/// What a client is told about an enum's values: always their wire spelling.
enum WireValues {
    /// `must be one of draft, issued, partially_paid, paid, void`.
    static func mustBeOneOf<T: WireEnum>(_ type: T.Type) -> String {
        "must be one of " + T.wireValues.joined(separator: ", ")
    }
}
