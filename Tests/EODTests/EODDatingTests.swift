import Domain
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import EOD
@testable import Store

/// Issue 24, findings 6 and 7, in the runner: a catch-up behind the lock date and the last number's date is posted,
/// not refused, dated the earliest allowed day; numbers and dates increase together; occurrences keep their dates.
final class EODDatingTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func testACatchUpBehindTheLockDateIsDatedTheFirstOpenDayInNumberOrder() throws {
        let tenant = try fixture.tenant(setups: 2, start: date("2025-10-15"))
        try fixture.store.database.transaction(tenant) { db in try LedgerLock(db).set(date("2025-12-31")) }
        let run = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-02-20"), requestedBy: .command)))
        XCTAssertEqual(run.status, .succeeded)
        XCTAssertEqual(run.counts["invoice_setups"], 10, "Oct, Nov, Dec, Jan, Feb for each setup: none refused")
        let rows = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT invoice_date, occurrence_date FROM invoices ORDER BY sequence_number").map {
                (try $0.decode(CalendarDate.self, "invoice_date"), try $0.decode(CalendarDate.self, "occurrence_date"))
            }
        }
        XCTAssertEqual(rows.map(\.0), Array(repeating: date("2026-01-01"), count: 6) + Array(repeating: date("2026-01-15"), count: 2)
            + Array(repeating: date("2026-02-15"), count: 2))
        XCTAssertEqual(Set(rows.prefix(6).map(\.1)), [date("2025-10-15"), date("2025-11-15"), date("2025-12-15")])
        XCTAssertEqual(rows.map(\.0), rows.map(\.0).sorted(), "numbers and dates increase together")
        try fixture.assertInvariants(tenant)
    }
}
