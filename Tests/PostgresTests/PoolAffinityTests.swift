import Postgres
import TestSupport
import XCTest

/// Tenant affinity (issue 28): a borrower with an affinity key meets the connection of its slot whenever that one
/// is idle, so a backend keeps serving the same tenants (warm catalogue caches); a busy slot never makes it wait.
final class PoolAffinityTests: XCTestCase {
    private func backend(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT pg_backend_pid() AS pid").first?.decode(Int.self, "pid") ?? -1
    }

    func testTheSameKeyMeetsTheSameBackendAndKeysOfOtherSlotsOthers() throws {
        let pool = PostgresPool(.init(connectionString: try TestDatabase.url(), maxConnections: 4))
        defer { pool.close() }
        var seen: [Int: Set<Int>] = [:]
        // Keys 1, 5 and -3 share slot 1 of 4; 2 and 3 have slots of their own. Interleaved, as requests come.
        for key in [1, 2, 3, 5, 1, 3, 2, -3, 1, 2, 5, 3] {
            let pid = try pool.withConnection(affinity: key) { try backend($0) }
            seen[((key % 4) + 4) % 4, default: []].insert(pid)
        }
        XCTAssertEqual(seen[1]?.count, 1, "\(seen)")
        XCTAssertEqual(seen[2]?.count, 1, "\(seen)")
        XCTAssertEqual(seen[3]?.count, 1, "\(seen)")
        XCTAssertEqual(Set(seen.values.compactMap(\.first)).count, 3, "three slots, three backends: \(seen)")
        XCTAssertEqual(pool.statistics.open, 3)
    }

    func testABusySlotIsNotWaitedFor() throws {
        let pool = PostgresPool(.init(connectionString: try TestDatabase.url(), maxConnections: 2, acquireTimeout: .milliseconds(200)))
        defer { pool.close() }
        let first = try pool.withConnection(affinity: 0) { try backend($0) }
        // Slot 0 is held by the outer borrower: the inner one with the same key takes the other connection at once.
        let (outer, inner) = try pool.withConnection(affinity: 0) { outerConnection in
            (try backend(outerConnection), try pool.withConnection(affinity: 0) { try backend($0) })
        }
        XCTAssertEqual(outer, first)
        XCTAssertNotEqual(inner, outer)
        // And a borrower without affinity still gets whatever is idle.
        XCTAssertNotEqual(try pool.withConnection { try backend($0) }, -1)
        XCTAssertEqual(pool.statistics.open, 2)
        XCTAssertEqual(pool.statistics.timeouts, 0)
    }
}
