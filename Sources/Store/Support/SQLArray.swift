import Domain
import Foundation
import Postgres

/// A PostgreSQL array parameter for set-based statements over `unnest(…)` or `= ANY(…)`: UUIDs as a binary
/// `uuid[]`, everything else as its text literal (`{"a","b",NULL}`) with the type left to the statement
/// (`$2::numeric[]`).
struct SQLArray: PostgresEncodable {
    private let value: any PostgresEncodable

    init(_ elements: [String?]) {
        var array = PostgresArrayText(capacity: elements.count * 16)
        for element in elements { array.append(element) }
        value = array
    }
    init(_ values: [UUID]) { self.init(uuids: values.map(Optional.some)) }
    init(_ values: [UUID?]) { self.init(uuids: values) }
    init(_ values: [ExactDecimal]) { self.init(values.map(\.description)) }
    init(_ values: [ExactDecimal?]) { self.init(values.map { $0?.description }) }
    init(_ values: [Int]) { self.init(values.map { String($0) }) }

    /// UUIDs go in binary (`uuid[]`): the server copies 16 bytes instead of parsing 36 characters.
    private init(uuids values: [UUID?]) {
        var array = PostgresBinaryArray<UUID>(capacity: values.count)
        for value in values { array.append(value) }
        value = array
    }

    func postgresValue() throws -> PostgresValue { try value.postgresValue() }
}
