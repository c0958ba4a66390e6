import Domain
import Postgres

/// Schedules stored as their canonical JSON (`Schedule.json`), read back with `Schedule.decode(json:)`.
enum StoredSchedule {
    static func decode(_ json: String, column: String) throws -> Schedule {
        do {
            return try Schedule.decode(json: json)
        } catch {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .invalidValue(expected: "schedule")))
        }
    }
}
