import XCTest

@testable import Domain

final class DocumentLocaleFormattingTests: XCTestCase {
    private let nnbsp = "\u{202F}"
    private let nbsp = "\u{00A0}"

    func testMoneyFrenchAndEnglish() throws {
        let kwd = try XCTUnwrap(Currency(code: "KWD"))
        let gbp = try XCTUnwrap(Currency(code: "GBP"))
        let chf = try XCTUnwrap(Currency(code: "CHF"))
        let sek = try XCTUnwrap(Currency(code: "SEK"))
        let cases: [(String, Currency, String, String)] = [
            ("1234.56", .eur, "1\(nnbsp)234,56\(nbsp)€", "€1,234.56"),
            ("0", .eur, "0,00\(nbsp)€", "€0.00"),
            ("-1234.56", .eur, "-1\(nnbsp)234,56\(nbsp)€", "-€1,234.56"),
            ("1234567890.125", .eur, "1\(nnbsp)234\(nnbsp)567\(nnbsp)890,12\(nbsp)€", "€1,234,567,890.12"),
            ("0.135", .eur, "0,14\(nbsp)€", "€0.14"),
            ("999.995", .usd, "1\(nnbsp)000,00\(nbsp)$US", "$1,000.00"),
            ("1234.5", .jpy, "1\(nnbsp)234\(nbsp)¥", "¥1,234"),
            ("1235.5", .jpy, "1\(nnbsp)236\(nbsp)¥", "¥1,236"),
            ("12.3456", kwd, "12,346\(nbsp)KWD", "KWD\(nbsp)12.346"),
            ("-0.5", gbp, "-0,50\(nbsp)£", "-£0.50"),
            ("100", chf, "100,00\(nbsp)CHF", "CHF\(nbsp)100.00"),
            ("100", sek, "100,00\(nbsp)SEK", "SEK\(nbsp)100.00"),
            ("123456", .eur, "123\(nnbsp)456,00\(nbsp)€", "€123,456.00"),
        ]
        for (amount, currency, french, english) in cases {
            XCTAssertEqual(DocumentLocale.fr.money(dec(amount), currency), french, "\(amount) \(currency)")
            XCTAssertEqual(DocumentLocale.en.money(dec(amount), currency), english, "\(amount) \(currency)")
        }
    }

    func testNumbersAndPercents() {
        XCTAssertEqual(DocumentLocale.fr.number(dec("1.500")), "1,5")
        XCTAssertEqual(DocumentLocale.en.number(dec("1.500")), "1.5")
        XCTAssertEqual(DocumentLocale.fr.number(dec("12345.000")), "12\(nnbsp)345")
        XCTAssertEqual(DocumentLocale.en.number(dec("-12345.25")), "-12,345.25")
        XCTAssertEqual(DocumentLocale.fr.percent(dec("20.00")), "20\(nnbsp)%")
        XCTAssertEqual(DocumentLocale.fr.percent(dec("5.5")), "5,5\(nnbsp)%")
        XCTAssertEqual(DocumentLocale.en.percent(dec("20")), "20%")
        XCTAssertEqual(DocumentLocale.en.percent(dec("5.50")), "5.5%")
    }

    func testDates() throws {
        let dec6 = try XCTUnwrap(CalendarDate(year: 2026, month: 12, day: 6))
        let dec1 = try XCTUnwrap(CalendarDate(year: 2026, month: 12, day: 1))
        let feb2 = try XCTUnwrap(CalendarDate(year: 2027, month: 2, day: 2))
        XCTAssertEqual(DocumentLocale.fr.date(dec6), "6 décembre 2026")
        XCTAssertEqual(DocumentLocale.fr.date(dec1), "1er décembre 2026")
        XCTAssertEqual(DocumentLocale.fr.date(feb2), "2 février 2027")
        XCTAssertEqual(DocumentLocale.en.date(dec6), "December 6, 2026")
        XCTAssertEqual(DocumentLocale.en.date(dec1), "December 1, 2026")
    }

    func testUnitsLabelsAndIBAN() {
        XCTAssertEqual(DocumentLocale.fr.unitName("C62"), "")
        XCTAssertEqual(DocumentLocale.fr.unitName("HUR"), "h")
        XCTAssertEqual(DocumentLocale.fr.unitName("DAY"), "jour(s)")
        XCTAssertEqual(DocumentLocale.en.unitName("MON"), "month")
        XCTAssertEqual(DocumentLocale.fr.unitName("ANN"), "an")
        XCTAssertEqual(DocumentLocale.en.unitName("XYZ"), "XYZ")
        XCTAssertEqual(DocumentLocale.fr.label(.amountDue), "Net à payer")
        XCTAssertEqual(DocumentLocale.fr.label(.subtotal), "Total HT")
        XCTAssertEqual(DocumentLocale.en.label(.creditNote), "Credit note")
        for label in DocumentLabel.allCases {
            for locale in DocumentLocale.allCases { XCTAssertFalse(locale.label(label).isEmpty, "\(label) \(locale)") }
        }
        XCTAssertEqual(
            DocumentPaymentAccount(iban: "FR7630006000011234567890189").groupedIBAN, "FR76 3000 6000 0112 3456 7890 189")
    }

    func testLocaleTags() {
        XCTAssertEqual(DocumentLocale(tag: "fr"), .fr)
        XCTAssertEqual(DocumentLocale(tag: "fr-FR"), .fr)
        XCTAssertEqual(DocumentLocale(tag: "FR_ca"), .fr)
        XCTAssertEqual(DocumentLocale(tag: "en-GB"), .en)
        XCTAssertEqual(DocumentLocale(tag: "en"), .en)
        XCTAssertNil(DocumentLocale(tag: "de"))
        XCTAssertNil(DocumentLocale(tag: "de-FR"))
        XCTAssertNil(DocumentLocale(tag: ""))
        XCTAssertNil(DocumentLocale(tag: "fr-"))
        XCTAssertNil(DocumentLocale(tag: "french"))
        XCTAssertNil(DocumentLocale(tag: "fr FR"))
    }
}
