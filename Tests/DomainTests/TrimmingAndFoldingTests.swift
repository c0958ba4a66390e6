import Foundation
import XCTest

@testable import Domain

/// The fast text paths the statement parsers and the matcher use give Foundation's results: trimming against
/// `trimmingCharacters(in:)`, the matcher's ASCII normalization and folding against the Foundation ones.
final class TrimmingAndFoldingTests: XCTestCase {
    private let samples = [
        "", " ", "\t\n", "abc", "  abc  ", "\tabc\r\n", "\u{00A0}abc\u{2003}", "\u{3000}Société\u{0085}", "\u{2028}x\u{2029}",
        "\u{000B}\u{000C}a b\u{000B}", " é ", "\u{FEFF}bom\u{FEFF}", "a\u{301} ", "日本 ", " 12,50 ", "VIR SEPA /FACT INV-2026-000123",
        " \u{301}abc\t", "\r\n\r\nx\r\n",
    ]

    func testTrimmingIsFoundationsTrimming() {
        for text in samples {
            XCTAssertEqual(text.trimmedWhitespace(), text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
            XCTAssertEqual(text.trimmedWhitespace(newlines: false), text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            let field = ("#" + text + "#").dropFirst().dropLast()  // a Substring, as the CSV reader's fields are
            XCTAssertEqual(field.trimmedWhitespace(), text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
        }
    }

    func testTheASCIIPathsAreFoundations() {
        var ascii = samples.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        ascii += (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["Acme-SARL / Facture N°12", "RF18 5390 0754 7034", "a\tb\u{7F}c"]
        for text in ascii where text.utf8.allSatisfy({ $0 < 0x80 }) {
            let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            var expected = ""
            var space = true
            for scalar in folded.unicodeScalars {
                if CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "/" {
                    expected.unicodeScalars.append(scalar)
                    space = false
                } else if !space {
                    expected.append(" ")
                    space = true
                }
            }
            XCTAssertEqual(BankMatcher.asciiNormalized(text), expected.trimmingCharacters(in: .whitespaces), text)
            XCTAssertEqual(BankMatcher.folded(text), text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), text)
            XCTAssertEqual(BankMatcher.uppercased(text), text.uppercased(), text)
            XCTAssertEqual(
                BankMatcher.payload(text), String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }).uppercased(), text)
        }
        XCTAssertNil(BankMatcher.asciiNormalized("Société"))
        XCTAssertEqual(BankMatcher.normalized("Société  Générale"), "societe generale")
        XCTAssertEqual(BankMatcher.folded("INTÉRÊTS"), "interets")
    }
}
