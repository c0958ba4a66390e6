import Foundation
import Store
import XCTest

/// Tenants' secrets at rest (issue 23, per-tenant relay): sealed under the platform key, opened only with that key,
/// for that purpose, unaltered.
final class SecretBoxTests: XCTestCase {
    private let key = [UInt8](repeating: 7, count: 32)

    func testASealedSecretOpensWithTheSameKeyAndPurposeAndIsNotInTheClear() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal("correct horse battery staple", for: "delivery.relay.password/1")
        XCTAssertTrue(sealed.hasPrefix("v1:"))
        XCTAssertFalse(sealed.contains("horse"))
        XCTAssertNotEqual(sealed, try box.seal("correct horse battery staple", for: "delivery.relay.password/1"), "a fresh nonce per seal")
        XCTAssertEqual(try box.open(sealed, for: "delivery.relay.password/1"), "correct horse battery staple")
    }

    func testAnotherKeyCannotOpenIt() throws {
        let sealed = try SecretBox(key: key).seal("s3cret", for: "p")
        XCTAssertThrowsError(try SecretBox(key: [UInt8](repeating: 8, count: 32)).open(sealed, for: "p"))
    }

    func testAnotherPurposeCannotOpenIt() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal("s3cret", for: "delivery.relay.password/1")
        XCTAssertThrowsError(try box.open(sealed, for: "delivery.relay.password/2"), "copied to another tenant")
    }

    func testATamperedSealIsRefused() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal("s3cret", for: "p")
        var bytes = try XCTUnwrap(Data(base64Encoded: String(sealed.dropFirst(3))))
        bytes[bytes.count / 2] ^= 0x01
        XCTAssertThrowsError(try box.open("v1:" + bytes.base64EncodedString(), for: "p"))
        XCTAssertThrowsError(try box.open("v1:not base64!", for: "p"))
        XCTAssertThrowsError(try box.open(String(sealed.dropFirst(3)), for: "p"), "no version prefix")
    }

    func testTheKeyComesFromTheEnvironmentOrAFileAndMustBe32Bytes() throws {
        let text = Data(key).base64EncodedString()
        XCTAssertNil(try SecretBox.fromEnvironment([:]))
        let fromVariable = try XCTUnwrap(try SecretBox.fromEnvironment(["RECUR_SECRETS_KEY": text]))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recur-key-\(UUID().uuidString)")
        try Data((text + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try XCTUnwrap(try SecretBox.fromEnvironment(["RECUR_SECRETS_KEY_FILE": file.path]))
        XCTAssertEqual(try fromFile.open(try fromVariable.seal("x", for: "p"), for: "p"), "x")

        XCTAssertThrowsError(try SecretBox.fromEnvironment(["RECUR_SECRETS_KEY": Data(repeating: 1, count: 16).base64EncodedString()])) {
            XCTAssertTrue("\($0)".contains("32 bytes"), "\($0)")
        }
        XCTAssertThrowsError(try SecretBox.fromEnvironment(["RECUR_SECRETS_KEY": "not base64 at all"]))
        XCTAssertThrowsError(try SecretBox.fromEnvironment(["RECUR_SECRETS_KEY_FILE": "/nonexistent/recur-key"]))
    }
}
