import Foundation
import Store
import XCTest

/// RFC 6238 appendix B (the SHA-1 rows, secret "12345678901234567890") and RFC 4648 base32.
final class TOTPTests: XCTestCase {
    private let secret = Array("12345678901234567890".utf8)

    /// Time (Unix seconds) and the 8-digit TOTP of RFC 6238's table for SHA-1.
    private let vectors: [(Int64, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    func testTheRFC6238SHA1Vectors() {
        for (time, expected) in vectors {
            let step = TOTP.step(at: Date(timeIntervalSince1970: TimeInterval(time)))
            XCTAssertEqual(step, time / 30)
            XCTAssertEqual(TOTP.code(secret: secret, step: step, digits: 8), expected, "T = \(time)")
            // Six digits are the last six (the modulus of the same truncated value).
            XCTAssertEqual(TOTP.code(secret: secret, step: step), String(expected.suffix(6)), "T = \(time)")
        }
    }

    func testACodeMatchesItsStepAndOneEitherSideButNoStepTakenBefore() {
        let date = Date(timeIntervalSince1970: 1_111_111_111)
        let step = TOTP.step(at: date)
        XCTAssertEqual(TOTP.matchingStep(code: "050471", secret: secret, at: date), step)
        XCTAssertEqual(TOTP.matchingStep(code: "050 471", secret: secret, at: date), step, "spaces ignored")
        let previous = TOTP.code(secret: secret, step: step - 1)
        let following = TOTP.code(secret: secret, step: step + 1)
        let twoAhead = TOTP.code(secret: secret, step: step + 2)
        XCTAssertEqual(TOTP.matchingStep(code: previous, secret: secret, at: date), step - 1)
        XCTAssertEqual(TOTP.matchingStep(code: following, secret: secret, at: date), step + 1)
        XCTAssertNil(TOTP.matchingStep(code: twoAhead, secret: secret, at: date), "beyond the drift")
        XCTAssertNil(TOTP.matchingStep(code: "050471", secret: secret, at: date, after: step), "a step is taken once")
        XCTAssertNil(TOTP.matchingStep(code: previous, secret: secret, at: date, after: step), "nor one before it")
        XCTAssertEqual(TOTP.matchingStep(code: following, secret: secret, at: date, after: step), step + 1)
        XCTAssertNil(TOTP.matchingStep(code: "05047", secret: secret, at: date))
        XCTAssertNil(TOTP.matchingStep(code: "O50471", secret: secret, at: date))
    }

    func testBase32IsRFC4648() {
        XCTAssertEqual(Base32.encode(secret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        XCTAssertEqual(Base32.encode(Array("foobar".utf8)), "MZXW6YTBOI")
        XCTAssertEqual(Base32.decode("mzxw6ytboi======").map { String(decoding: $0, as: UTF8.self) }, "foobar")
        XCTAssertNil(Base32.decode("MZXW1"))
        let random = TOTP.newSecret()
        XCTAssertEqual(Base32.decode(Base32.encode(random)), random)
    }

    func testTheOtpauthURI() {
        let uri = TOTP.uri(secret: secret, account: "ann+x@example.com", issuer: "Recur acme")
        XCTAssertEqual(
            uri,
            "otpauth://totp/Recur%20acme%3Aann%2Bx@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Recur%20acme&algorithm=SHA1&digits=6&period=30")
    }
}
