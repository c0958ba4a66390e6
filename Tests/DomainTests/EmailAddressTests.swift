import Domain
import XCTest

/// `EmailAddress`: the rule the API's `email`, `alert_recipients` and `billing_cc` fields share with the OpenAPI
/// pattern `^[^@<>\s controls]+@[^@<>\s controls]+$` (at most 254 code points).
final class EmailAddressTests: XCTestCase {
    func testAnAddressIsOneAtBetweenTwoNonEmptyPartsWithoutSpacesControlsOrAngleBrackets() {
        XCTAssertTrue(EmailAddress.isValid("ap@globex.test"))
        XCTAssertTrue(EmailAddress.isValid("0@0"))
        for bad in ["", "@x", "x@", "a@b@c", "a b@c", "a@b\u{0001}", "<a>@b", "a@\u{00A0}b"] {
            XCTAssertFalse(EmailAddress.isValid(bad), bad)
        }
    }

    func testTheAtCountsEvenWhenAMarkOrEmojiModifierFollowsIt() {
        // `@` + U+1F3FB (or a combining accent) is one Character; the pattern, like this rule, sees code points.
        XCTAssertTrue(EmailAddress.isValid("\u{00C7}@\u{1F3FB}"))
        XCTAssertTrue(EmailAddress.isValid("a@\u{0301}b"))
    }
}
