import Domain
import Postgres

extension ReminderDays {
    /// The `integer[]` text of `days` (`{1,0}`) for a parameter cast with `::int[]`; `nil` stays NULL.
    static func column(_ days: [Int]?) -> String? {
        days.map { "{" + $0.map(String.init).joined(separator: ",") + "}" }
    }

    /// The offsets of an `integer[]` column read as text (`{1,0}`); NULL is `nil`.
    static func decode(_ row: PostgresRow, _ column: String) throws -> [Int]? {
        guard let text = try row.decode(String?.self, column) else { return nil }
        let inner = text.dropFirst().dropLast()
        guard text.hasPrefix("{"), text.hasSuffix("}") else {
            throw PostgresError.invalidUsage("\(column) is not an integer array")
        }
        return try inner.split(separator: ",").map { element in
            guard let day = Int(element) else { throw PostgresError.invalidUsage("\(column) is not an integer array") }
            return day
        }
    }
}
