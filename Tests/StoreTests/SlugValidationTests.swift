import Store
import XCTest

final class SlugValidationTests: XCTestCase {
    func testSlugRulesTable() {
        let cases: [(String, SlugViolation?)] = [
            ("acme", nil),
            ("acme-corp", nil),
            ("a1b", nil),
            ("abc-123-x9", nil),
            (String(repeating: "a", count: 40), nil),
            ("ab", .tooShort(2)),
            ("", .tooShort(0)),
            (String(repeating: "a", count: 41), .tooLong(41)),
            ("Acme", .invalidCharacter("A")),
            ("acme_corp", .invalidCharacter("_")),
            ("acme corp", .invalidCharacter(" ")),
            ("acmé", .invalidCharacter("é")),
            ("acme;drop", .invalidCharacter(";")),
            ("acme\"x", .invalidCharacter("\"")),
            ("1acme", .mustStartWithLetter),
            ("-acme", .mustStartWithLetter),
            ("acme-", .trailingHyphen),
            ("acme--corp", .doubleHyphen),
            ("pg-acme", .postgresPrefix),
            ("pg_acme", .invalidCharacter("_")),
            ("admin", .reserved),
            ("api", .reserved),
            ("www", .reserved),
            ("public", .reserved),
            ("control", .reserved),
            ("recur", .reserved),
            ("system", .reserved),
            ("root", .reserved),
            ("postgres", .reserved),
            ("information-schema", .reserved),
            ("template1", .reserved),
        ]
        for (slug, expected) in cases {
            XCTAssertEqual(TenantSlug.violation(in: slug), expected, "slug \(slug.debugDescription)")
            if let expected {
                XCTAssertThrowsError(try TenantSlug(slug)) { error in
                    XCTAssertEqual(error as? TenantError, .invalidSlug(slug, expected))
                }
            } else {
                XCTAssertNoThrow(try TenantSlug(slug))
            }
        }
    }

    func testSchemaNameReplacesHyphensAndIsQuotable() throws {
        let slug = try TenantSlug("acme-corp-2")
        XCTAssertEqual(slug.schemaName, "tenant_acme_corp_2")
        XCTAssertEqual(try quoteIdentifier(slug.schemaName), "\"tenant_acme_corp_2\"")
        XCTAssertEqual(try TenantSlug(String(repeating: "z", count: 40)).schemaName.utf8.count, 47)
    }

    func testQuoteIdentifierRefusesAnythingButPlainLowerCaseNames() {
        XCTAssertEqual(try quoteIdentifier("_x9"), "\"_x9\"")
        for bad in ["", "9x", "Tenant", "a-b", "a\"b", "a b", "a;b", "ä", String(repeating: "a", count: 64)] {
            XCTAssertThrowsError(try quoteIdentifier(bad), bad)
        }
    }

    func testControlSchemaNameIsValidated() {
        XCTAssertEqual(ControlSchema.standard.name, "recur_control")
        XCTAssertEqual(ControlSchema.standard.quotedName, "\"recur_control\"")
        XCTAssertThrowsError(try ControlSchema("recur\"; DROP"))
    }
}
