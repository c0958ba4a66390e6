import EOD
import XCTest

/// `RECUR_FAULT_INJECTION`: unset means no fault; a value names one fault, anything else is refused.
final class FaultInjectionTests: XCTestCase {
    private func configured(_ value: String?) throws(FaultInjectionError) -> FaultInjection? {
        try FaultInjection.configured(in: value.map { [FaultInjection.environmentVariable: $0] } ?? [:])
    }

    func testUnsetOrEmptyMeansNoFault() throws {
        XCTAssertNil(try configured(nil))
        XCTAssertNil(try configured(""))
    }

    func testKillAfterPostings() throws {
        XCTAssertEqual(try configured("kill-after-postings:37"), .killAfterPostings(37))
        XCTAssertEqual(FaultInjection.killAfterPostings(37).description, "kill-after-postings:37")
    }

    func testAnythingElseIsRefusedNamingTheSwitch() {
        for value in ["kill-after-postings", "kill-after-postings:0", "kill-after-postings:-3", "kill-after-postings:x",
                      "kill:37", "37"] {
            XCTAssertThrowsError(try configured(value), value) { error in
                XCTAssertTrue("\(error)".hasPrefix("RECUR_FAULT_INJECTION=\(value) is not a fault"), "\(error)")
            }
        }
    }
}
