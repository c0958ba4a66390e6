import Domain
import Postgres
import Store

/// The documented exit codes (also in `recur-admin --help` and docs/admin-cli.md).
enum AdminExitCode: Int32 {
    case ok = 0
    /// The operation failed.
    case failed = 1
    /// Usage or validation error.
    case usage = 2
    /// No such tenant or key.
    case notFound = 3
    /// The database could not be reached.
    case databaseUnreachable = 4
}

/// Errors of the CLI itself.
enum AdminError: Error, CustomStringConvertible {
    /// Bad usage the parser cannot see (a missing `--confirm`, no DATABASE_URL).
    case usage(String)
    /// The operation ran and failed; the details were printed already.
    case failed(String)

    var description: String {
        switch self {
        case .usage(let message), .failed(let message): message
        }
    }
}

/// An error as the operator sees it: one line and an exit code.
struct AdminFailure {
    let message: String
    let exitCode: AdminExitCode

    init(_ error: any Error) {
        switch error {
        case let error as AdminError:
            exitCode = if case .usage = error { .usage } else { .failed }
            message = error.description
        case let error as ScheduleCommandError:
            exitCode = .usage
            message = error.description
        case let error as PostgresError:
            switch error {
            case .connectionFailed, .connectionLost: exitCode = .databaseUnreachable
            case .invalidConnectionString: exitCode = .usage
            default: exitCode = .failed
            }
            // The operator's own database: the server's message helps more than it risks.
            message = String(reflecting: error)
        case let error as any CategorizedError:
            switch error.category {
            case .invalidInput: exitCode = .usage
            case .notFound: exitCode = .notFound
            case .conflict, .failed: exitCode = .failed
            }
            message = String(describing: error)
        default:
            exitCode = .failed
            message = String(describing: error)
        }
    }
}
