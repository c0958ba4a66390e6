import Domain
import Foundation
import HTTPServer
import Store

/// The query of a report (docs/reports.md): `from`, `to`, `as_of`, `currency`, `format` and the report's own
/// parameters, read with every problem collected, then refused at once as one 422 naming each field. A parameter
/// the report does not know is refused too.
struct ReportQuery {
    let request: Request
    private(set) var errors: [FieldError] = []

    /// Starts reading `r`'s query: `known` are the report's parameters besides `format`.
    init(_ request: Request, known: [String]) {
        self.request = request
        let allowed = Set(known + ["format"])
        for item in request.queryItems where !allowed.contains(item.name) {
            if !errors.contains(where: { $0.pointer == "/\(item.name)" }) {
                errors.append(FieldError(pointer: "/\(item.name)", detail: "is not a parameter of this report"))
            }
        }
        if let problem = Self.formatError(request) { errors.append(problem) }
    }

    /// `?format=` when it is neither `json` nor `csv`.
    static func formatError(_ request: Request) -> FieldError? {
        guard let format = request.query("format"), format != "csv", format != "json" else { return nil }
        return FieldError(pointer: "/format", detail: "must be json or csv")
    }

    /// Refuses `?format=` other than `json` or `csv` (for routes that read their query otherwise).
    static func checkFormat(_ request: Request) throws {
        if let error = formatError(request) { throw Problem.validation([error]) }
    }

    /// A `YYYY-MM-DD` parameter; `nil` (and, when `required`, an error) when it is missing.
    mutating func date(_ name: String, required: Bool = false) -> CalendarDate? {
        guard let text = request.query(name) else {
            if required { errors.append(FieldError(pointer: "/\(name)", detail: "is required")) }
            return nil
        }
        guard let date = CalendarDate(text) else {
            errors.append(FieldError(pointer: "/\(name)", detail: "must be a calendar date YYYY-MM-DD"))
            return nil
        }
        return date
    }

    /// `?currency=` (ISO 4217), default `fallback` (the tenant's base currency).
    mutating func currency(default fallback: Currency) -> Currency {
        guard let code = request.query("currency") else { return fallback }
        guard let currency = Currency(code: code) else {
            errors.append(FieldError(pointer: "/currency", detail: "must be an ISO 4217 currency code"))
            return fallback
        }
        return currency
    }

    /// An id parameter.
    mutating func uuid(_ name: String, required: Bool = false) -> UUID? {
        guard let text = request.query(name) else {
            if required { errors.append(FieldError(pointer: "/\(name)", detail: "is required")) }
            return nil
        }
        guard let id = UUID(uuidString: text) else {
            errors.append(FieldError(pointer: "/\(name)", detail: "must be an id"))
            return nil
        }
        return id
    }

    /// A case of `T` in its wire spelling.
    mutating func enumValue<T: WireEnum>(_ name: String, _ type: T.Type) -> T? {
        guard let text = request.query(name) else { return nil }
        guard let value = T(wireValue: text) else {
            errors.append(FieldError(pointer: "/\(name)", detail: WireValues.mustBeOneOf(T.self)))
            return nil
        }
        return value
    }

    /// A text parameter of 1…`maxLength` code points (a dimension value), as JSON Schema counts them.
    mutating func text(_ name: String, maxLength: Int = 100) -> String? {
        guard let text = request.query(name) else { return nil }
        guard (1...maxLength).contains(text.unicodeScalars.count) else {
            errors.append(FieldError(pointer: "/\(name)", detail: "must be 1 to \(maxLength) characters"))
            return nil
        }
        return text
    }

    /// `?name=` as an integer in `range` (absent: `fallback`); anything else is an error at `/name`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
        guard let text = request.query(name) else { return fallback }
        if let value = Int(text), range.contains(value) { return value }
        add([
            FieldViolation(path: name, code: .outOfRange, message: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        ])
        return fallback
    }

    /// `?limit=` (1…200, default 50).
    mutating func limit() -> Int {
        do { return try Pagination.limit(request) } catch let problem as Problem {
            errors += problem.errors
        } catch {
            errors.append(FieldError(pointer: "/limit", detail: "must be an integer"))
        }
        return Pagination.defaultLimit
    }

    /// Adds the store's violations (a period out of bounds) as field errors.
    mutating func add(_ violations: [FieldViolation]) {
        errors += violations.map { FieldError(pointer: "/\($0.path)", detail: $0.message) }
    }

    /// Throws the 422 when anything was wrong.
    func finish() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// The OpenAPI parameters `from` and `to` (required) of a report over a period (``ReportPeriod``).
    static let fromParameter = OpenAPIOperation.Parameter(
        "from", in: .query, required: true, schema: #"{"type":"string","format":"date"}"#, description: "First day, included")
    static let toParameter = OpenAPIOperation.Parameter(
        "to", in: .query, required: true, schema: #"{"type":"string","format":"date"}"#,
        description: "Last day, included; not before `from`, and before `from` + \(ReportPeriod.maximumYears) years")

    /// The OpenAPI parameter `currency`, shared by every report.
    static let currencyParameter = OpenAPIOperation.Parameter(
        "currency", in: .query, schema: #"{"type":"string","pattern":"^[A-Z]{3}$"}"#,
        description: "Postings in this currency (default: the tenant's base currency)")

    /// A decimal amount as the API writes it.
    static let moneySchema = #"{"type":"string","pattern":"^-?[0-9]+(\\.[0-9]+)?$"}"#
}

/// A cell of a report: text (amounts are decimal strings), an integer, a flag, or one amount per column (a JSON
/// array; one CSV field per column).
enum ReportCell {
    case text(String?)
    case int(Int)
    case bool(Bool)
    case amounts([String])

    /// An amount at exactly the currency's minor units.
    static func money(_ value: ExactDecimal, _ currency: Currency) -> ReportCell { .text(moneyText(value, currency)) }

    /// An amount's text at exactly the currency's minor units (`240.00`).
    static func moneyText(_ value: ExactDecimal, _ currency: Currency) -> String {
        value.rounded(toPlaces: currency.minorUnits).description
    }

    var csv: [String?] {
        switch self {
        case .text(let text): [text]
        case .int(let value): [String(value)]
        case .bool(let value): [value ? "true" : "false"]
        case .amounts(let values): values
        }
    }

    func write(into w: inout JSONWriter) {
        switch self {
        case .text(let text): w.optionalString(text)
        case .int(let value): w.int(value)
        case .bool(let value): w.bool(value)
        case .amounts(let values): w.array { w in for value in values { w.string(value) } }
        }
    }
}

/// A report as rows of named columns, answered as JSON (`{…header fields…, "data": [{column: cell}]}`) or as CSV
/// (one header row, then the rows; an `amounts` column spreads over `amountHeaders`).
struct ReportTable {
    let columns: [String]
    let rows: [[ReportCell]]
    /// The CSV headers of an `amounts` column (the report's period columns).
    var amountHeaders: [String] = []

    /// The CSV, every row.
    func csv() -> CSVWriter {
        var csv = CSVWriter(header: columns.flatMap { column in column == "amounts" ? amountHeaders : [column] })
        for row in rows { csv.row(row.flatMap(\.csv)) }
        return csv
    }

    /// CSV when asked (``CSVWriter/requested(_:)``), else JSON: `header` writes the fields before `data`.
    func response(_ request: Request, filename: String, header: (inout JSONWriter) -> Void) -> Response {
        if CSVWriter.requested(request) { return csv().response(filename: filename) }
        return Response.json { w in
            w.object { w in
                header(&w)
                w.key("data"); write(into: &w)
            }
        }
    }

    /// The rows as an array of objects, one member a column (each column's name encoded once for all the rows).
    func write(into w: inout JSONWriter) {
        let keys = columns.map(JSONWriter.Key.init)
        w.objects(rows) { w, row in
            for (key, cell) in zip(keys, row) {
                w.key(key)
                cell.write(into: &w)
            }
        }
    }
}
