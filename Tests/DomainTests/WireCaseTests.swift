import XCTest

@testable import Domain

/// The one rule for the wire's casing (``WireCase``) and the enums spelled by it (``WireEnum``).
final class WireCaseTests: XCTestCase {
    func testSnakeCase() {
        XCTAssertEqual(WireCase.snakeCase("partiallyPaid"), "partially_paid")
        XCTAssertEqual(WireCase.snakeCase("mixerpSameCalendarDate"), "mixerp_same_calendar_date")
        XCTAssertEqual(WireCase.snakeCase("monthly"), "monthly")
        XCTAssertEqual(WireCase.snakeCase("already_snake"), "already_snake")
        XCTAssertEqual(WireCase.snakeCase(""), "")
        XCTAssertEqual(WireCase.pointer("lines/0/unitPrice"), "/lines/0/unit_price")
        XCTAssertEqual(WireCase.pointer("schedule/everyDays"), "/schedule/everyDays")
    }

    func testWireValues() {
        XCTAssertEqual(InvoiceStatus.wireValues, ["draft", "issued", "partially_paid", "paid", "credited", "void"])
        XCTAssertEqual(FiscalPeriod.halfYear.wireValue, "half_year")
        XCTAssertEqual(Schedule.Kind(wireValue: "fiscal_period_end"), .fiscalPeriodEnd)
        XCTAssertNil(Schedule.Kind(wireValue: "fiscalPeriodEnd"))
        XCTAssertNil(InvoiceStatus(wireValue: "partiallyPaid"))
    }
}
