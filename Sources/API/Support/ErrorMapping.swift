import Domain
import HTTPServer
import Postgres
import Store

/// Turns the errors of the layers below into problem+json answers. What is not recognised here is rethrown and
/// becomes a 500 whose detail names only the request id (the server logs the error itself).
public enum ErrorMapping {
    /// Runs `body`, mapping known errors to ``Problem``s.
    public static func mapped<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let problem as Problem {
            throw problem
        } catch let violations as FieldViolations {
            throw Problem.validation(violations.fieldErrors)
        } catch let error as PostgresError {
            throw problem(for: error) ?? error
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
        case .server(let server) where server.sqlState == .serializationFailure || server.sqlState == .deadlockDetected:
            return .serviceUnavailable(retryAfterSeconds: 1, detail: "A concurrent change conflicted; retry the request.")
        default:
            return nil
        }
    }
}

extension FieldViolations {
    /// The violations as problem+json field errors, with JSON-pointer paths.
    var fieldErrors: [FieldError] {
        errors.map { FieldError(pointer: $0.pointer, detail: $0.message) }
    }
}
