import XCTest

@testable import Domain

/// The rules for allocating a payment to invoices.
final class InvoicePaymentAllocationTests: XCTestCase {
    private func allocation(_ id: String, owes: String, pays: String) -> PaymentAllocationRequest {
        PaymentAllocationRequest(invoiceID: id, outstanding: dec(owes), amount: dec(pays))
    }

    func testPartialAndFullAllocationsPass() {
        XCTAssertEqual(
            violations {
                try PaymentAllocationCheck.validate(
                    amount: dec("150.00"), allocations: [allocation("a", owes: "100", pays: "100"), allocation("b", owes: "80", pays: "50")],
                    minorUnits: 2)
            }, [])
    }

    func testOverpaymentNamesTheAllocation() {
        XCTAssertEqual(
            violations {
                try PaymentAllocationCheck.validate(
                    amount: dec("130"), allocations: [allocation("a", owes: "100", pays: "100"), allocation("b", owes: "20", pays: "30")],
                    minorUnits: 2)
            }, ["allocations/1/amount outOfRange"])
    }

    func testOverpaymentMessageSaysTheBalance() {
        do {
            try PaymentAllocationCheck.validate(amount: dec("30"), allocations: [allocation("a", owes: "20.00", pays: "30")], minorUnits: 2)
            XCTFail("expected a violation")
        } catch {
            XCTAssertEqual(error.errors.first?.pointer, "/allocations/0/amount")
            XCTAssertTrue(error.errors.first?.message.contains("20.00") ?? false)
        }
    }

    func testAllocationsMustAddUpToTheAmount() {
        XCTAssertEqual(
            violations {
                try PaymentAllocationCheck.validate(amount: dec("99"), allocations: [allocation("a", owes: "100", pays: "100")], minorUnits: 2)
            }, ["amount conflict"])
    }

    func testEachInvoiceOnce() {
        XCTAssertEqual(
            violations {
                try PaymentAllocationCheck.validate(
                    amount: dec("20"), allocations: [allocation("a", owes: "100", pays: "10"), allocation("a", owes: "100", pays: "10")],
                    minorUnits: 2)
            }, ["allocations/1/invoiceId conflict"])
    }

    func testAmountsPositiveAndInMinorUnits() {
        XCTAssertEqual(
            violations {
                try PaymentAllocationCheck.validate(
                    amount: dec("0"), allocations: [allocation("a", owes: "100", pays: "0"), allocation("b", owes: "100", pays: "1.5")],
                    minorUnits: 0)
            }, ["amount outOfRange", "allocations/0/amount outOfRange", "allocations/1/amount invalidValue"])
        XCTAssertEqual(
            violations { try PaymentAllocationCheck.validate(amount: dec("1"), allocations: [], minorUnits: 2) },
            ["allocations required"])
    }
}
