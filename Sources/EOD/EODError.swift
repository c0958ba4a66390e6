import Domain
import Store

/// Why a tenant's EOD was refused before it started.
public enum EODError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    /// The EOD posts what has fallen due: never a date after the tenant's today.
    case asOfAfterToday(asOf: CalendarDate, today: CalendarDate, slug: String)

    public var description: String {
        switch self {
        case .asOfAfterToday(let asOf, let today, let slug):
            "as-of \(asOf) is after tenant \(slug)'s today (\(today)): the EOD never posts ahead of time"
        }
    }

    public var category: StoreErrorCategory { .invalidInput }
}
