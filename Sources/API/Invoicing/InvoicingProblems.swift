import Domain
import HTTPServer
import Store

/// Turns the ledger and invoicing repositories' errors into problem+json: field violations → 422 with the
/// request body's snake_case JSON pointers, not found → 404, conflicts → 409.
enum InvoicingProblems {
    /// Runs `body`, mapping ``LedgerError`` and ``FieldViolations``; everything else passes to ``ErrorMapping``.
    static func mapped<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as LedgerError {
            throw problem(for: error)
        } catch let violations as FieldViolations {
            throw Problem.validation(fieldErrors(violations.errors))
        }
    }

    static func problem(for error: LedgerError) -> Problem {
        switch error {
        case .validation(let violations): .validation(fieldErrors(violations.errors))
        case .notFound(let resource, _): .notFound("No \(resource) with this id.")
        case .conflict(let reason): .conflict(sentence(reason))
        }
    }

    static func fieldErrors(_ violations: [FieldViolation]) -> [FieldError] {
        violations.map { FieldError(pointer: snakePointer($0.path), detail: $0.message) }
    }

    /// `lines/0/unitPrice` → `/lines/0/unit_price`. A schedule keeps its own (documented, camelCase) field names,
    /// so tokens after `schedule` are left as they are.
    static func snakePointer(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        var inSchedule = false
        var tokens = [String]()
        for token in path.split(separator: "/", omittingEmptySubsequences: false) {
            let converted = inSchedule ? String(token) : snakeCase(String(token))
            if converted == "schedule" || converted == "recurring_schedule" { inSchedule = true }
            tokens.append(converted)
        }
        return "/" + tokens.joined(separator: "/")
    }

    /// `unitPrice` → `unit_price`, `partyId` → `party_id`.
    static func snakeCase(_ token: String) -> String {
        var out = ""
        for character in token {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }
}

extension APIEnvironment {
    /// A tenant handler whose invoicing errors become problem+json.
    func invoicingHandler(_ body: @escaping @Sendable (TenantRequest) throws -> Response) -> Handler {
        tenantHandler { request in try InvoicingProblems.mapped { try body(request) } }
    }
}
