import Domain
import HTTPServer
import Postgres
import Store

/// The one mapping from the errors of the layers below to problem+json, used by every handler. What is not
/// recognised here is rethrown and becomes a 500 whose detail names only the request id (the server logs the error
/// itself).
///
/// - ``LedgerError`` and ``FieldViolations``: 422 with each field's JSON pointer in wire casing (``WireCase``),
///   404, 409.
/// - ``PostgresError``: 503 for what a retry may cure (busy pool, database away, a conflict, the statement timeout);
///   422 for a value the database cannot store (22001, 22003, 54000): every bounded column's limit is checked
///   before the write, naming the field, so this is the backstop that keeps a missed check from being a 500.
/// - Any other ``CategorizedError``: by its category (invalid input 422, not found 404, conflict 409); `failed`
///   stays a 500.
public enum ErrorMapping {
    /// Runs `body`, mapping known errors to ``Problem``s.
    public static func mapped<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let problem as Problem {
            throw problem
        } catch let error as LedgerError {
            throw problem(for: error)
        } catch let violations as FieldViolations {
            throw Problem.validation(fieldErrors(violations.errors))
        } catch let error as PostgresError {
            throw problem(for: error) ?? error
        } catch let error as any CategorizedError {
            throw problem(for: error) ?? error
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
        violations.map { FieldError(pointer: WireCase.pointer($0.path), detail: $0.message) }
    }

    /// The problem for a categorized error, or `nil` for a failure (a 500).
    static func problem(for error: any CategorizedError) -> Problem? {
        let detail = sentence(String(describing: error))
        switch error.category {
        case .invalidInput: return Problem(status: .unprocessableContent, type: "validation", title: "Validation failed", detail: detail)
        case .notFound: return .notFound(detail)
        case .conflict: return .conflict(detail)
        case .failed: return nil
        }
    }

    /// The problem for a database error that the client can act on, or `nil` for a real internal error.
    static func problem(for error: PostgresError) -> Problem? {
        switch error {
        case .poolTimeout:
            return .serviceUnavailable(retryAfterSeconds: 1, detail: "All database connections are busy; retry shortly.")
        case .connectionFailed, .connectionLost, .poolClosed:
            return .serviceUnavailable(retryAfterSeconds: 5, detail: "The database is unavailable; retry shortly.")
        case .server(let server) where server.sqlState == .queryCanceled:
            return .serviceUnavailable(
                retryAfterSeconds: 5, detail: "The request ran longer than the server allows and was rolled back.")
        case .server(let server) where server.sqlState == .readOnlySQLTransaction:
            // A tenant move's write freeze (docs/scaling.md, "Tenant moves"): reads go on, writes wait seconds.
            return .serviceUnavailable(
                retryAfterSeconds: 2, detail: "The tenant is being moved to another database cluster: writes pause for a few seconds; retry shortly.")
        case .server(let server) where server.sqlState == .serializationFailure || server.sqlState == .deadlockDetected:
            return .serviceUnavailable(retryAfterSeconds: 1, detail: "A concurrent change conflicted; retry the request.")
        case .server(let server) where server.sqlState.isValueTooLarge:
            // PostgreSQL names the column for few of these; the field is named when it does.
            let fields = server.column.map { [FieldError(pointer: "/" + $0, detail: "is too long or too large")] } ?? []
            return .validation(fields, detail: "A value is too long or too large to be stored.")
        default:
            return nil
        }
    }

    private static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }
}
