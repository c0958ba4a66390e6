import XCTest

@testable import Domain

/// Invoice number patterns and invoice status rules.
final class InvoiceNumberingTests: XCTestCase {
    func testDefaultPattern() {
        XCTAssertEqual(InvoiceNumberPattern.standard.format(sequence: 123, issueDate: day("2026-03-15")), "INV-2026-000123")
    }

    func testEveryToken() throws {
        let pattern = try InvoiceNumberPattern(pattern: "{PREFIX}{YY}{MM}{DD}/{SEQ}", prefix: "F")
        XCTAssertEqual(pattern.format(sequence: 7, issueDate: day("2026-03-05")), "F260305/7")
    }

    func testSequenceWiderThanPaddingKeepsAllDigits() throws {
        let pattern = try InvoiceNumberPattern(pattern: "{SEQ:3}", prefix: "")
        XCTAssertEqual(pattern.format(sequence: 12345, issueDate: day("2026-01-01")), "12345")
        XCTAssertEqual(pattern.format(sequence: 1, issueDate: day("2026-01-01")), "001")
    }

    func testRejectsBadPatterns() {
        for bad in ["INV-{YYYY}", "{SEQ}{SEQ:2}", "{SEQ:0}", "{SEQ:19}", "{FOO}{SEQ}", "{SEQ", "}{SEQ}", String(repeating: "x", count: 61) + "{SEQ}"] {
            XCTAssertEqual(violations { _ = try InvoiceNumberPattern(pattern: bad, prefix: "INV-") }, ["pattern invalidValue"], bad)
        }
    }

    func testRejectsBadPrefixes() {
        XCTAssertEqual(violations { _ = try InvoiceNumberPattern(pattern: "{SEQ}", prefix: "IN V") }, ["prefix invalidValue"])
        XCTAssertEqual(
            violations { _ = try InvoiceNumberPattern(pattern: "{SEQ}", prefix: String(repeating: "A", count: 21)) },
            ["prefix invalidValue"])
    }

    func testSettledStatus() {
        XCTAssertEqual(InvoiceStatus.settled(total: dec("10"), paid: dec("0")), .issued)
        XCTAssertEqual(InvoiceStatus.settled(total: dec("10"), paid: dec("4")), .partiallyPaid)
        XCTAssertEqual(InvoiceStatus.settled(total: dec("10"), paid: dec("10.00")), .paid)
    }

    func testOverdueIsDerivedFromToday() {
        let due = day("2026-03-31")
        XCTAssertFalse(InvoiceStatus.issued.isOverdue(dueDate: due, today: day("2026-03-31")))
        XCTAssertTrue(InvoiceStatus.issued.isOverdue(dueDate: due, today: day("2026-04-01")))
        XCTAssertTrue(InvoiceStatus.partiallyPaid.isOverdue(dueDate: due, today: day("2026-04-01")))
        XCTAssertFalse(InvoiceStatus.paid.isOverdue(dueDate: due, today: day("2026-04-01")))
        XCTAssertFalse(InvoiceStatus.void.isOverdue(dueDate: due, today: day("2026-04-01")))
        XCTAssertFalse(InvoiceStatus.draft.isOverdue(dueDate: nil, today: day("2026-04-01")))
    }
}
