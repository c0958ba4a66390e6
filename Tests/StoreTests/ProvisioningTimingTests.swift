import Foundation
import Postgres
@testable import Store
import StoreTestSupport
import TestSupport
import XCTest

/// Issue 28, goal 1: creating a tenant from a spare schema is much faster than building its schema, measured through
/// `TenantService.create` (the library path) one at a time. `RECUR_PROVISION_COUNT` (default 8) sets how many of each;
/// the figures are printed (`provision: …`) for docs/tenancy.md.
final class ProvisioningTimingTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }

    private func createTimed(_ count: Int, prefix: String) throws -> [Double] {
        let clock = ContinuousClock()
        return try (0..<count).map { _ in
            let draft = fixture.draft(prefix)
            let started = clock.now
            _ = try fixture.tenants.create(draft)
            let (seconds, attoseconds) = (clock.now - started).components
            return Double(seconds) * 1000 + Double(attoseconds) / 1e15
        }.sorted()
    }

    private func delete(prefix: String) throws -> [Double] {
        let clock = ContinuousClock()
        return try fixture.tenants.list().filter { $0.slug.hasPrefix(prefix) }.map { tenant in
            let started = clock.now
            try fixture.tenants.delete(slug: tenant.slug)
            let (seconds, attoseconds) = (clock.now - started).components
            return Double(seconds) * 1000 + Double(attoseconds) / 1e15
        }.sorted()
    }

    func testCreatingFromASpareIsFasterThanBuilding() throws {
        let count = ProcessInfo.processInfo.environment["RECUR_PROVISION_COUNT"].flatMap(Int.init) ?? 8
        let clock = ContinuousClock()
        let fillStarted = clock.now
        try fixture.tenants.spares.fill(upTo: count)
        let fill = clock.now - fillStarted
        let fromSpares = try createTimed(count, prefix: "spr")
        XCTAssertEqual(try fixture.tenants.spares.count(), 0)
        let built = try createTimed(count, prefix: "bld")
        let deletions = try delete(prefix: "spr")
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
            .joined(separator: " ") ?? "?"
        func line(_ label: String, _ values: [Double]) -> String {
            String(
                format: "provision: %@ n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms", label, values.count,
                percentile(values, 0.5), percentile(values, 0.99), values.last ?? 0)
        }
        print(line("from spare", fromSpares))
        print(line("built", built))
        print(line("delete", deletions))
        print("provision: spare build \(fill / max(1, count)) each; load average \(load)")
        XCTAssertLessThan(percentile(fromSpares, 0.5), percentile(built, 0.5) / 2)
    }
}
