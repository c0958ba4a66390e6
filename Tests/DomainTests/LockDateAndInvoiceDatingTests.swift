import Domain
import XCTest

/// Issue 24, findings 6 and 7: the pure rules every posting path applies.
final class LockDateAndInvoiceDatingTests: XCTestCase {
    private func d(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func testTheLockDateClosesItselfAndEverythingBefore() {
        let lock = LockDate(d("2026-01-31"))
        XCTAssertEqual(lock.firstOpenDay, d("2026-02-01"))
        XCTAssertNotNil(lock.violation(d("2026-01-31"), at: "date"))
        XCTAssertNil(lock.violation(d("2026-02-01"), at: "date"))
        XCTAssertEqual(lock.open(d("2025-06-01")), d("2026-02-01"))
        XCTAssertEqual(lock.open(d("2026-03-01")), d("2026-03-01"))
        XCTAssertNil(LockDate(nil).violation(d("1900-01-01"), at: "date"))
    }

    func testTheLockDateMovesForwardButNotBackNorPastToday() {
        let lock = LockDate(d("2026-01-31"))
        XCTAssertNil(lock.changeViolation(to: d("2026-01-31"), today: d("2026-06-01"), at: "lockDate"))
        XCTAssertNil(lock.changeViolation(to: d("2026-05-31"), today: d("2026-06-01"), at: "lockDate"))
        XCTAssertEqual(lock.changeViolation(to: d("2025-12-31"), today: d("2026-06-01"), at: "lockDate")?.code, .conflict)
        XCTAssertEqual(lock.changeViolation(to: d("2026-06-02"), today: d("2026-06-01"), at: "lockDate")?.code, .outOfRange)
    }

    func testARefusalNamesTheEarliestAllowedDateOfTheRuleThatBinds() {
        let chronology = InvoiceDating(lastNumberDate: d("2026-03-10"), lock: LockDate(d("2026-01-31")))
        XCTAssertEqual(
            chronology.violation(d("2026-01-15"), at: "invoiceDate")?.message,
            "is before 2026-03-10, the date of the last invoice number: the earliest allowed date is 2026-03-10")
        XCTAssertNil(chronology.violation(d("2026-03-10"), at: "invoiceDate"))
        let lock = InvoiceDating(lastNumberDate: d("2026-01-10"), lock: LockDate(d("2026-01-31")))
        XCTAssertEqual(
            lock.violation(d("2026-01-20"), at: "invoiceDate")?.message,
            "is on or before the lock date 2026-01-31: the earliest allowed date is 2026-02-01")
    }

    func testTheEODDatesAnOccurrencePerTheTenantsRuleThenMovesItForward() {
        let byOccurrence = InvoiceDating(lastNumberDate: d("2026-02-20"), lock: LockDate(d("2026-01-31")))
        XCTAssertEqual(byOccurrence.occurrenceInvoiceDate(postingDate: d("2026-01-15"), eodDate: d("2026-03-01")), d("2026-02-20"))
        XCTAssertEqual(byOccurrence.occurrenceInvoiceDate(postingDate: d("2026-02-25"), eodDate: d("2026-03-01")), d("2026-02-25"))
        let byEOD = InvoiceDating(lastNumberDate: nil, lock: LockDate(nil), catchUp: .eodDate)
        XCTAssertEqual(byEOD.occurrenceInvoiceDate(postingDate: d("2026-01-15"), eodDate: d("2026-03-01")), d("2026-03-01"))
        XCTAssertEqual(byEOD.occurrenceInvoiceDate(postingDate: d("2026-01-15"), eodDate: nil), d("2026-01-15"))
        XCTAssertEqual(InvoiceDating.dueDate(occurrenceDue: d("2026-01-15"), invoiceDate: d("2026-02-20"), termsDays: 30), d("2026-03-22"))
    }
}
