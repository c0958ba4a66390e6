import Foundation
import XCTest

@testable import Store

/// Auto-reconcile's ids: version 4, variant 10, and distinct across the batches they are drawn in.
final class RandomUUIDsTests: XCTestCase {
    func testEveryIdIsAVersion4UUIDAndNoneRepeatsOverSeveralBatches() {
        var ids = RandomUUIDs()
        var seen = Set<UUID>()
        for _ in 0..<2_000 {  // about 8 refills of 256
            let id = ids.make()
            let bytes = id.uuid
            XCTAssertEqual(bytes.6 >> 4, 4, "\(id)")
            XCTAssertEqual(bytes.8 >> 6, 0b10, "\(id)")
            XCTAssertTrue(seen.insert(id).inserted, "\(id) drawn twice")
        }
        // Not all zero bytes (a buffer never filled would give one id, refused above, or ids of zeros).
        XCTAssertGreaterThan(Set(seen.map { $0.uuid.0 }).count, 100)
    }
}
