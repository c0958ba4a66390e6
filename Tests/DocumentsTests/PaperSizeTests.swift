import Domain
import XCTest

final class PaperSizeTests: XCTestCase {
    func testPortraitSizes() {
        XCTAssertEqual(PaperSize.a4.points.width, 595.276, accuracy: 0.001)
        XCTAssertEqual(PaperSize.letter.points.height, 792)
    }
}
