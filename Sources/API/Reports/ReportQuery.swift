import Domain
import HTTPServer

/// The query parameters the reports under `/v1/reports/` share, read so that every problem is reported at once
/// (each appends its `FieldError`s; the route throws them together).
enum ReportQuery {
    /// A required calendar date `name`.
    static func requiredDate(_ request: Request, _ name: String, _ errors: inout [FieldError]) -> CalendarDate? {
        do {
            guard let value = try QueryParameters.date(request, name) else {
                errors.append(FieldError(pointer: "/\(name)", detail: "is required"))
                return nil
            }
            return value
        } catch let problem as Problem {
            errors += problem.errors
        } catch {
            errors.append(FieldError(pointer: "/\(name)", detail: "must be a calendar date YYYY-MM-DD"))
        }
        return nil
    }

    /// `from` and `to` (both required, inclusive), checked by `violations` (a store's period bound).
    static func period(
        _ request: Request, _ errors: inout [FieldError],
        violations: (CalendarDate, CalendarDate) -> [FieldViolation]
    ) -> (CalendarDate, CalendarDate)? {
        let from = requiredDate(request, "from", &errors), to = requiredDate(request, "to", &errors)
        guard let from, let to else { return nil }
        let problems = violations(from, to).map { FieldError(pointer: "/\($0.path)", detail: $0.message) }
        errors += problems
        return problems.isEmpty ? (from, to) : nil
    }

    /// `currency` (default `fallback`), an ISO 4217 code.
    static func currency(_ request: Request, default fallback: Currency, _ errors: inout [FieldError]) -> Currency {
        guard let code = request.query("currency") else { return fallback }
        guard let named = Currency(code: code) else {
            errors.append(FieldError(pointer: "/currency", detail: "must be an ISO 4217 currency code"))
            return fallback
        }
        return named
    }

    /// `format`: `json` or `csv` (CSV is also chosen by `Accept: text/csv`, ``CSVWriter/requested(_:)``).
    static func format(_ request: Request, _ errors: inout [FieldError]) {
        if let format = request.query("format"), format != "csv", format != "json" {
            errors.append(FieldError(pointer: "/format", detail: "must be json or csv"))
        }
    }

    /// Every query parameter not in `known` is an error (a misspelt filter must not silently do nothing).
    static func rejectUnknown(_ request: Request, known: Set<String>, _ errors: inout [FieldError]) {
        var seen = Set<String>()
        for item in request.queryItems where !known.contains(item.name) && seen.insert(item.name).inserted {
            errors.append(FieldError(pointer: "/\(item.name)", detail: "is not a parameter of this report"))
        }
    }

    /// The OpenAPI `format` parameter every report has.
    static var formatParameter: OpenAPIOperation.Parameter {
        .init(
            "format", in: .query, schema: #"{"type":"string","enum":["json","csv"]}"#,
            description: "`csv` for CSV (as `Accept: text/csv` does); default JSON")
    }
}
