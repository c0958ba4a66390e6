import Foundation
import Synchronization
import Threading
import XCTest

/// `Prefetch` (Threading): values computed in order on a thread of their own, ahead of the caller.
final class PrefetchTests: XCTestCase {
    func testValuesComeInOrderFromAnotherThreadAheadOfTheCaller() {
        let produced = Mutex([Int]())
        let caller = pthread_self()
        let prefetch = Prefetch(count: 50) { index -> (Int, Bool) in
            produced.withLock { $0.append(index) }
            return (index * index, pthread_equal(pthread_self(), caller) != 0)
        }
        // The caller is slow with the first value: meanwhile the thread computes the others.
        let first = prefetch.value(0)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(produced.withLock { $0 }, Array(0..<50), "every value computed, in order, while the caller was busy")
        XCTAssertEqual(first.0, 0)
        XCTAssertFalse(first.1, "computed on a thread of its own")
        for index in 1..<50 { XCTAssertEqual(prefetch.value(index).0, index * index) }
    }

    func testTheCallerWaitsForAValueNotComputedYet() {
        let prefetch = Prefetch(count: 2) { index -> Int in
            if index == 1 { Thread.sleep(forTimeInterval: 0.2) }
            return index + 10
        }
        let start = ContinuousClock.now
        XCTAssertEqual(prefetch.value(0), 10)
        XCTAssertEqual(prefetch.value(1), 11)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(150))
    }

    func testCancelStopsTheThreadAfterTheValueItIsComputing() {
        let produced = Mutex(0)
        let prefetch = Prefetch(count: 1_000) { index -> Int in
            produced.withLock { $0 += 1 }
            Thread.sleep(forTimeInterval: 0.01)
            return index
        }
        XCTAssertEqual(prefetch.value(0), 0)
        prefetch.cancel()
        Thread.sleep(forTimeInterval: 0.2)
        let count = produced.withLock { $0 }
        XCTAssertLessThan(count, 10, "the thread stopped soon after the cancel")
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(produced.withLock { $0 }, count, "and computes nothing more")
    }
}
