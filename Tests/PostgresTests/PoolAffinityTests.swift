import Foundation
import Postgres
import TestSupport
import Threading
import XCTest

/// Tenant affinity (issue 28): a borrower with an affinity key meets the connection of its slot whenever that one
/// is idle, so a backend keeps serving the same tenants (warm catalogue caches); when its slot is busy it prefers a
/// connection that served the key before, and otherwise waits for its slot only briefly (`affinityWait`).
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

    func testABusySlotIsWaitedForOnlyBriefly() throws {
        var configuration = PostgresPool.Configuration(
            connectionString: try TestDatabase.url(), maxConnections: 2, acquireTimeout: .seconds(5))
        configuration.affinityWait = .milliseconds(20)
        let pool = PostgresPool(configuration)
        defer { pool.close() }
        let first = try pool.withConnection(affinity: 0) { try backend($0) }
        // Slot 0 is held by the outer borrower until the inner one is done: the inner one, same key, waits its 20 ms
        // and then takes the other connection (it does not wait the acquire timeout).
        let started = ContinuousClock.now
        let (outer, inner) = try pool.withConnection(affinity: 0) { outerConnection in
            (try backend(outerConnection), try pool.withConnection(affinity: 0) { try backend($0) })
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(4))
        XCTAssertEqual(outer, first)
        XCTAssertNotEqual(inner, outer)
        // And a borrower without affinity still gets whatever is idle.
        XCTAssertNotEqual(try pool.withConnection { try backend($0) }, -1)
        XCTAssertEqual(pool.statistics.open, 2)
        XCTAssertEqual(pool.statistics.timeouts, 0)
        XCTAssertEqual(pool.statistics.affinityCold, 1, "the inner borrow met a backend that had not served key 0")
    }

    func testABorrowerWaitsForItsSlotWhenItComesBackSoon() throws {
        for wait in [Duration.zero, .seconds(3)] {
            var configuration = PostgresPool.Configuration(
                connectionString: try TestDatabase.url(), maxConnections: 2, acquireTimeout: .seconds(5))
            configuration.affinityWait = wait
            let pool = PostgresPool(configuration)
            let own = try pool.withConnection(affinity: 0) { try backend($0) }
            let holding = Latch()
            let released = Latch()
            Thread.detachNewThread {
                _ = try? pool.withConnection(affinity: 0) { _ in
                    holding.open()
                    Thread.sleep(forTimeInterval: 0.1)
                }
                released.open()
            }
            holding.wait()
            let met = try pool.withConnection(affinity: 0) { try backend($0) }
            released.wait()
            if wait == .zero {
                // Without a wait the borrower opens the free slot rather than wait for its own.
                XCTAssertNotEqual(met, own)
                XCTAssertEqual(pool.statistics.open, 2)
            } else {
                // With one, its slot's connection came back within the wait: the same backend, no second connection.
                XCTAssertEqual(met, own)
                XCTAssertEqual(pool.statistics.open, 1)
                XCTAssertEqual(pool.statistics.affinityHits, 3)
            }
            pool.close()
        }
    }

    func testABusySlotsKeyPrefersAConnectionThatServedItBefore() throws {
        var configuration = PostgresPool.Configuration(connectionString: try TestDatabase.url(), maxConnections: 3)
        configuration.affinityWait = .zero
        let pool = PostgresPool(configuration)
        defer { pool.close() }
        // One connection per slot; idle (oldest first): slots 0, 1, 2.
        for key in [0, 1, 2] { _ = try pool.withConnection(affinity: key) { try backend($0) } }
        // Key 0 while slot 0 is busy: nothing has served key 0 elsewhere, so it takes the last idle one (slot 2).
        let fallback = try pool.withConnection(affinity: 3) { _ in
            try pool.withConnection(affinity: 0) { try backend($0) }
        }
        XCTAssertEqual(pool.statistics.affinityCold, 1)
        // Idle now: slots 1, 2, 0; borrowing key 1 moves slot 1 last: 2, 0, 1.
        _ = try pool.withConnection(affinity: 1) { try backend($0) }
        // Slot 0 busy again: key 0 now meets the slot-2 connection that served it, not slot 1 (the last idle).
        let again = try pool.withConnection(affinity: 3) { _ in
            try pool.withConnection(affinity: 0) { try backend($0) }
        }
        XCTAssertEqual(again, fallback)
        XCTAssertEqual(pool.statistics.affinityWarm, 1)
        XCTAssertEqual(pool.statistics.affinityCold, 1)
    }
}
