import Domain
import Store
import XCTest

/// The columns of the profit and loss and the periods it compares with (docs/reports.md, "Ledger reports"), and the
/// general ledger's cursor.
final class ReportColumnsTests: XCTestCase {
    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    private func describe(_ columns: [ReportColumn]) -> [String] {
        columns.map { "\($0.key) \($0.from)…\($0.to)" }
    }

    func testMonthColumnsAreCalendarMonthsCutToThePeriod() {
        XCTAssertEqual(
            describe(ReportColumns.columns(from: date("2026-01-15"), to: date("2026-03-10"), interval: .month, comparison: false)),
            ["2026-01 2026-01-15…2026-01-31", "2026-02 2026-02-01…2026-02-28", "2026-03 2026-03-01…2026-03-10"])
    }

    func testQuarterColumnsAreCalendarQuartersAndTotalIsOneColumn() {
        XCTAssertEqual(
            describe(ReportColumns.columns(from: date("2025-11-01"), to: date("2026-04-30"), interval: .quarter, comparison: true)),
            [
                "2025-Q4 (compared) 2025-11-01…2025-12-31", "2026-Q1 (compared) 2026-01-01…2026-03-31",
                "2026-Q2 (compared) 2026-04-01…2026-04-30",
            ])
        XCTAssertEqual(
            describe(ReportColumns.columns(from: date("2026-01-01"), to: date("2026-12-31"), interval: .total, comparison: false)),
            ["total 2026-01-01…2026-12-31"])
    }

    func testColumnsStopPastTheLimitAndAtTheLastDate() {
        let tenYears = ReportColumns.columns(from: date("2016-01-01"), to: date("2025-12-31"), interval: .month, comparison: false)
        XCTAssertEqual(tenYears.count, ReportPeriod.maximumColumns)
        let tooMany = ReportColumns.columns(from: date("2016-01-15"), to: date("2026-01-14"), interval: .month, comparison: false)
        XCTAssertEqual(tooMany.count, ReportPeriod.maximumColumns + 1)
        XCTAssertEqual(
            describe(ReportColumns.columns(from: date("9999-11-15"), to: date("9999-12-31"), interval: .quarter, comparison: false)),
            ["9999-Q4 9999-11-15…9999-12-31"])
    }

    func testComparedPeriods() {
        func compared(_ from: String, _ to: String, _ with: ReportComparison) -> String? {
            ReportColumns.compared(from: date(from), to: date(to), with: with).map { "\($0.from)…\($0.to)" }
        }
        XCTAssertEqual(compared("2026-01-01", "2026-03-31", .previousPeriod), "2025-10-01…2025-12-31", "whole months")
        XCTAssertEqual(compared("2026-03-01", "2026-03-31", .previousPeriod), "2026-02-01…2026-02-28")
        XCTAssertEqual(compared("2026-03-10", "2026-03-19", .previousPeriod), "2026-02-28…2026-03-09", "ten days")
        XCTAssertEqual(compared("2024-02-01", "2024-02-29", .previousYear), "2023-02-01…2023-02-28")
        XCTAssertEqual(compared("2023-02-01", "2023-02-28", .previousYear), "2022-02-01…2022-02-28")
        XCTAssertEqual(compared("2025-02-01", "2025-02-28", .previousYear), "2024-02-01…2024-02-29", "a month end stays one")
        XCTAssertNil(compared("0001-01-01", "0001-12-31", .previousYear))
        XCTAssertEqual(compared("0001-03-01", "0001-03-31", .previousPeriod), "0001-02-01…0001-02-28")
        XCTAssertNil(compared("0001-01-01", "0001-01-31", .previousPeriod))
    }

    func testGeneralLedgerCursorRoundTripsAndRefusesOtherTokens() {
        let cursor = GeneralLedgerCursor(date: date("2026-01-15"), entryNumber: 42, lineNumber: 3)
        XCTAssertEqual(cursor.token, "g20260115_42_3")
        XCTAssertEqual(GeneralLedgerCursor(token: cursor.token), cursor)
        for bad in ["", "g", "x20260115_42_3", "g20260230_1_1", "g20260115_42", "g20260115_-1_1", "g2026011_1_1_1", "g20260115__1"] {
            XCTAssertNil(GeneralLedgerCursor(token: bad), bad)
        }
    }
}
