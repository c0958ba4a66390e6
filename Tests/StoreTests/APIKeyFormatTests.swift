@testable import Store
import XCTest

final class APIKeyFormatTests: XCTestCase {
    func testGeneratedKeysHaveTheDocumentedShape() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let (key, prefix) = APIKeyFormat.generate()
            XCTAssertEqual(key.count, 3 + 8 + 1 + 43)
            XCTAssertTrue(key.hasPrefix("rk_\(prefix)_"))
            XCTAssertTrue(APIKeyFormat.isWellFormed(key), key)
            XCTAssertFalse(key.contains("="))
            seen.insert(key)
        }
        XCTAssertEqual(seen.count, 200)
    }

    func testMalformedKeysAreRecognisedWithoutTheDatabase() {
        let (key, _) = APIKeyFormat.generate()
        for bad in ["", "rk_", String(key.dropLast()), key + "A", "xk" + key.dropFirst(2), key.uppercased(),
            key.replacingOccurrences(of: "_", with: "-"), String(key.prefix(11)) + "_" + String(repeating: "+", count: 43)]
        {
            XCTAssertFalse(APIKeyFormat.isWellFormed(bad), bad)
        }
    }

    func testPrefixesAreAcceptedBareWithRkOrAsAWholeKey() {
        let (key, prefix) = APIKeyFormat.generate()
        XCTAssertEqual(APIKeyFormat.prefix(from: prefix), prefix)
        XCTAssertEqual(APIKeyFormat.prefix(from: "rk_" + prefix), prefix)
        XCTAssertEqual(APIKeyFormat.prefix(from: key), prefix)
        for bad in ["", "1234567", "123456789", "ABCDEF12", "rk_zzzzzzzz", prefix + "_x"] {
            XCTAssertNil(APIKeyFormat.prefix(from: bad), bad)
        }
    }

    func testIssuedKeyDescriptionHidesTheSecret() {
        let info = APIKeyInfo(
            id: 1, prefix: "0123abcd", label: "ci", role: .viewer, createdAt: Date(), lastUsedAt: nil, revokedAt: nil,
            replacedByPrefix: nil)
        let issued = IssuedAPIKey(info: info, key: "rk_0123abcd_" + String(repeating: "s", count: 43))
        XCTAssertFalse(String(describing: issued).contains("sss"))
    }

    func testLabelsAreValidated() throws {
        XCTAssertEqual(try APIKeyFormat.validateLabel(" ci "), "ci")
        XCTAssertThrowsError(try APIKeyFormat.validateLabel(" "))
        XCTAssertThrowsError(try APIKeyFormat.validateLabel(String(repeating: "x", count: 101)))
        XCTAssertThrowsError(try APIKeyFormat.validateLabel("a\nb"))
    }
}
