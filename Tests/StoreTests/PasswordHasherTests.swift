import Foundation
import Store
import XCTest

/// Argon2id through libsodium: the stored form, verification, the rules, and what one verification costs.
final class PasswordHasherTests: XCTestCase {
    func testHashesAreArgon2idWithInteractiveLimitsAndVerify() throws {
        let hash = try PasswordHasher.hash("correct horse battery staple")
        XCTAssertTrue(hash.hasPrefix("$argon2id$v=19$m=65536,t=2,p=1$"), hash)
        XCTAssertNotEqual(hash, try PasswordHasher.hash("correct horse battery staple"), "a fresh salt each time")
        XCTAssertTrue(PasswordHasher.verify("correct horse battery staple", against: hash))
        XCTAssertFalse(PasswordHasher.verify("correct horse battery stapl", against: hash))
        XCTAssertFalse(PasswordHasher.verify("correct horse battery staple", against: "$argon2id$garbage"))
        XCTAssertFalse(PasswordHasher.verifyDummy("correct horse battery staple"))
        let unicode = try PasswordHasher.hash("mot de passe très long ✓")
        XCTAssertTrue(PasswordHasher.verify("mot de passe très long ✓", against: unicode))
    }

    func testPasswordRules() {
        XCTAssertNotNil(PasswordRules.violation(String(repeating: "a", count: 11)))
        XCTAssertNil(PasswordRules.violation(String(repeating: "a", count: 12)))
        XCTAssertNil(PasswordRules.violation(String(repeating: "é", count: 128)))
        XCTAssertNotNil(PasswordRules.violation(String(repeating: "a", count: 129)))
    }

    /// docs/people.md quotes this: the time of one verification (and so of every login attempt).
    func testOneVerificationCost() throws {
        let hash = try PasswordHasher.hash("a long enough password")
        let clock = ContinuousClock()
        var times: [Duration] = []
        for _ in 0..<5 {
            times.append(clock.measure { _ = PasswordHasher.verify("a long enough password", against: hash) })
        }
        let dummy = clock.measure { _ = PasswordHasher.verifyDummy("a long enough password") }
        times.sort()
        print("argon2id verify: median \(times[2]), dummy \(dummy)")
        XCTAssertGreaterThan(times[2], .milliseconds(10), "never a fast hash")
    }
}
