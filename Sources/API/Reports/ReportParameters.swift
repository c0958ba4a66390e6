import Domain
import Foundation
import HTTPServer
import Store

/// The query parameters reports share (docs/reports.md): dates, `currency` (default: the tenant's base currency),
/// `format` (`json` or `csv`), the period's bounds (``ReportPeriod``) and, when the report lists what it reads,
/// unknown parameters. Every problem is collected and thrown at once by ``finish()`` as a 422 naming each field.
struct ReportParameters {
    let request: Request
    private(set) var errors = [FieldError]()

    /// Starts reading `request`; with `allowed`, any other query parameter is an error at its name.
    init(_ request: Request, allowed: Set<String>? = nil) {
        self.request = request
        if let allowed {
            var seen = Set<String>()
            for item in request.queryItems where !allowed.contains(item.name) && seen.insert(item.name).inserted {
                errors.append(
                    FieldError(
                        pointer: "/\(item.name)",
                        detail: "is not a parameter of this report (it takes \(allowed.sorted().joined(separator: ", ")))"))
            }
        }
    }

    /// The date parameter `name`; an error when it is missing (`required`) or not `YYYY-MM-DD`.
    mutating func date(_ name: String, required: Bool = true) -> CalendarDate? {
        do {
            guard let value = try QueryParameters.date(request, name) else {
                if required { errors.append(FieldError(pointer: "/\(name)", detail: "is required")) }
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

    /// `currency`, or `base` when absent.
    mutating func currency(default base: Currency) -> Currency {
        guard let code = request.query("currency") else { return base }
        guard let named = Currency(code: code) else {
            errors.append(FieldError(pointer: "/currency", detail: "must be an ISO 4217 currency code"))
            return base
        }
        return named
    }

    /// Checks `format` (`json` or `csv`); ``CSVWriter/requested(_:)`` decides which is written.
    mutating func format() {
        if let format = request.query("format"), format != "csv", format != "json" {
            errors.append(FieldError(pointer: "/format", detail: "must be json or csv"))
        }
    }

    /// A case of `T` in its wire spelling, or `fallback` when absent.
    mutating func enumValue<T: WireEnum>(_ name: String, _ type: T.Type, default fallback: T) -> T {
        do {
            return try QueryParameters.enumValue(request, name, type) ?? fallback
        } catch let problem as Problem {
            errors += problem.errors
        } catch {
            errors.append(FieldError(pointer: "/\(name)", detail: WireValues.mustBeOneOf(T.self)))
        }
        return fallback
    }

    /// Checks `from`…`to` against ``ReportPeriod`` (when both were read).
    mutating func period(from: CalendarDate?, to: CalendarDate?) {
        guard let from, let to else { return }
        errors += ReportPeriod.violations(from: from, to: to).map { FieldError(pointer: "/\($0.path)", detail: $0.message) }
    }

    /// Throws every problem found, as one 422.
    func finish() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// A period report's query: `from` and `to` (required, bounded by ``ReportPeriod``), `currency` (default the
    /// tenant's base currency), `format`, and whatever `more` reads — every problem at once, as one 422.
    static func period<T>(
        _ r: TenantRequest, allowed: Set<String>? = nil, _ more: (inout ReportParameters) -> T
    ) throws -> (from: CalendarDate, to: CalendarDate, currency: Currency, more: T) {
        var query = ReportParameters(r.request, allowed: allowed)
        let from = query.date("from"), to = query.date("to")
        let extra = more(&query)
        let currency = query.currency(default: r.tenant.currency)
        query.format()
        query.period(from: from, to: to)
        try query.finish()
        guard let from, let to else { throw Problem.validation(query.errors) }
        return (from, to, currency, extra)
    }

    /// The OpenAPI parameters `from` and `to` of a period report.
    static var periodOpenAPIParameters: [OpenAPIOperation.Parameter] {
        let date = OpenAPISchemas.date()
        return [
            .init("from", in: .query, required: true, schema: date, description: "First day, included"),
            .init(
                "to", in: .query, required: true, schema: date,
                description: "Last day, included; not before `from`, and before `from` + 10 years"),
        ]
    }

    /// The OpenAPI parameters every report takes: `currency` and `format`.
    static var commonOpenAPIParameters: [OpenAPIOperation.Parameter] {
        [
            .init(
                "currency", in: .query, schema: #"{"type":"string","pattern":"^[A-Z]{3}$"}"#,
                description: "Amounts in this currency (default: the tenant's base currency)"),
            .init("format", in: .query, schema: #"{"type":"string","enum":["json","csv"]}"#),
        ]
    }

    /// A decimal amount as the reports write it (`-12.50`).
    static let moneySchema = #"{"type":"string","pattern":"^-?[0-9]+(\\.[0-9]+)?$"}"#
}

extension JSONWriter {
    /// The fields every period report's JSON starts with: `report`, `from`, `to`, `currency`.
    mutating func reportHeader(_ report: String, from: CalendarDate, to: CalendarDate, currency: Currency) {
        key("report"); string(report)
        key("from"); date(from)
        key("to"); date(to)
        key("currency"); string(currency.code)
    }
}
