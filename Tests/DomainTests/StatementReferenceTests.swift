import XCTest

@testable import Domain

/// Statement-reference templates: MixERP's {RIMonth}/{RIYear} plus Recur's extras, validated when saved.
final class StatementReferenceTests: XCTestCase {
    private func occurrence(posted: String, due: String? = nil, from: String = "2015-09-01", to: String = "2015-09-30") -> Occurrence {
        Occurrence(index: 0, postingDate: day(posted), dueDate: day(due ?? posted), periodStart: day(from), periodEnd: day(to))
    }

    func testSeedExampleExpandsMonthAndYear() throws {
        let reference = try StatementReference("Invoice for the month {RIMonth}-{RIYear}.")
        XCTAssertEqual(reference.expand(for: occurrence(posted: "2015-09-30")), "Invoice for the month SEP-2015.")
    }

    func testEveryPlaceholder() throws {
        let reference = try StatementReference("{RIDay}/{RIMonth}/{RIYear} {RIQuarter} {RIPeriodStart}..{RIPeriodEnd}")
        XCTAssertEqual(
            reference.expand(for: occurrence(posted: "0987-08-05", from: "0987-07-01", to: "0987-07-31")),
            "05/AUG/0987 Q3 0987-07-01..0987-07-31")
    }

    func testQuarterIsTheCalendarQuarterOfThePostingDate() throws {
        let reference = try StatementReference("{RIQuarter}")
        XCTAssertEqual(["01-31", "03-31", "04-01", "12-31"].map { reference.expand(for: occurrence(posted: "2026-\($0)")) }, ["Q1", "Q1", "Q2", "Q4"])
    }

    func testExpansionReadsThePostingDateNotTheDueDate() throws {
        let reference = try StatementReference("{RIMonth}")
        XCTAssertEqual(reference.expand(for: occurrence(posted: "2000-01-31", due: "2000-02-01")), "JAN")
    }

    func testDoubledBracesAreLiteralBraces() throws {
        let reference = try StatementReference("{{RIMonth}} is {RIMonth}; }}{{")
        XCTAssertEqual(reference.expand(for: occurrence(posted: "2015-09-01")), "{RIMonth} is SEP; }{")
    }

    func testTextWithoutPlaceholdersIsUnchanged() throws {
        XCTAssertEqual(try StatementReference("Plain ünïcode ✓").expand(for: occurrence(posted: "2015-09-01")), "Plain ünïcode ✓")
        XCTAssertEqual(try StatementReference("").expand(for: occurrence(posted: "2015-09-01")), "")
    }

    func testUnknownPlaceholderIsNamedWhenValidated() {
        XCTAssertEqual(StatementReference.validate("For {RIMonth} {RIWeek}"), .unknownPlaceholder(name: "RIWeek", offset: 14))
        XCTAssertEqual(StatementReference.validate("{rimonth}"), .unknownPlaceholder(name: "rimonth", offset: 0))
        XCTAssertEqual(StatementReference.validate("{}"), .unknownPlaceholder(name: "", offset: 0))
        XCTAssertTrue(StatementReference.validate("{RIWeek}")?.description.contains("{RIWeek}") ?? false)
    }

    func testUnclosedBraceIsAValidationError() {
        XCTAssertEqual(StatementReference.validate("Month {RIMonth"), .unbalancedBrace(offset: 6))
        XCTAssertEqual(StatementReference.validate("{RI{Month}"), .unbalancedBrace(offset: 0))
    }

    func testLoneClosingBraceIsAValidationError() {
        XCTAssertEqual(StatementReference.validate("Month RIMonth}"), .unbalancedBrace(offset: 13))
    }

    func testValidTemplateValidatesToNil() {
        XCTAssertNil(StatementReference.validate("Invoice for the month {RIMonth}-{RIYear}."))
    }

    func testValidationErrorBecomesAFieldViolation() {
        let violation = StatementReference.validate("{X}")?.fieldViolation(at: "statementReference")
        XCTAssertEqual(violation?.path, "statementReference")
        XCTAssertEqual(violation?.code, .invalidValue)
    }

    func testExpandsAScheduleOccurrence() throws {
        let s = try schedule(.mixerpSameCalendarDate, start: "2015-08-15", count: 1)
        let first = try XCTUnwrap(s.occurrences(context: .calendarYear).first)
        XCTAssertEqual(try StatementReference("{RIMonth}-{RIYear} {RIPeriodStart}").expand(for: first), "SEP-2015 2015-08-15")
    }
}
