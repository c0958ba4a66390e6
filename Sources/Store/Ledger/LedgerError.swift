import Domain
import Postgres

/// What went wrong in a ledger or invoicing operation, shaped for the API: field violations (422), a missing
/// record (404; a record of another tenant is missing too), or a conflict with the current state (409).
///
/// Database errors that are not the caller's fault (connection loss, bugs) pass through as ``PostgresError``.
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    /// The input is invalid; every problem names its field by JSON pointer.
    case validation(FieldViolations)
    /// No such record (`resource` is e.g. `invoice`, `account`).
    case notFound(resource: String, id: String)
    /// The record exists but its state forbids the operation (an issued invoice edited, a used account deleted).
    case conflict(String)

    /// One violation at `path`.
    static func invalid(_ path: String, _ code: FieldViolation.Code, _ message: String) -> LedgerError {
        .validation(FieldViolations([FieldViolation(path: path, code: code, message: message)]))
    }

    /// Throws ``validation(_:)`` when `errors` is not empty.
    public static func check(_ errors: [FieldViolation]) throws(LedgerError) {
        guard errors.isEmpty else { throw .validation(FieldViolations(errors)) }
    }

    /// The field violations, empty unless this is ``validation(_:)``.
    public var violations: [FieldViolation] {
        if case .validation(let errors) = self { return errors.errors }
        return []
    }

    public var category: StoreErrorCategory {
        switch self {
        case .validation: .invalidInput
        case .notFound: .notFound
        case .conflict: .conflict
        }
    }

    public var description: String {
        switch self {
        case .validation(let errors): "invalid input: \(errors)"
        case .notFound(let resource, let id): "\(resource) \(id) not found"
        case .conflict(let reason): reason
        }
    }
}
