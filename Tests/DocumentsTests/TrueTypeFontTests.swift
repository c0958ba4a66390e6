@testable import Documents
import XCTest

/// The TrueType parser and subsetter on DejaVu Sans, checked against the font's own structure.
final class TrueTypeFontTests: XCTestCase {
    private func fonts() throws -> FontSet { try PDFTestSupport.loadedRenderer().fonts }

    func testMapsTheCharactersInvoicesUse() throws {
        let font = try fonts().regular
        XCTAssertEqual(font.postScriptName, "DejaVuSans")
        XCTAssertEqual(font.unitsPerEm, 2048)
        for scalar in "é€«»’\u{202F}\u{00A0}ŒÿÉ—".unicodeScalars {
            XCTAssertNotEqual(font.glyph(for: scalar), 0, "no glyph for U+\(String(scalar.value, radix: 16))")
        }
        XCTAssertEqual(font.glyph(for: "\u{10FFFD}"), 0)
        XCTAssertGreaterThan(font.width(of: "MMMM", size: 10), font.width(of: "iiii", size: 10))
        XCTAssertEqual(font.width(of: "AB", size: 12), font.width(of: "A", size: 12) + font.width(of: "B", size: 12), accuracy: 1e-9)
    }

    func testSubsetIsAValidFontKeepingGlyphIds() throws {
        let font = try fonts().regular
        let used = Set("Facturé 1 234,56 €".unicodeScalars.map { font.glyph(for: $0) })
        let kept = try TrueTypeSubsetter.closure(of: used, in: font)
        XCTAssertTrue(kept.contains(0) && used.isSubset(of: kept))
        let subset = try TrueTypeSubsetter.subset(font, keeping: kept)
        XCTAssertLessThan(subset.count, 120_000)
        // The whole font's checksum, with head.checkSumAdjustment in, is the magic number.
        XCTAssertEqual(TrueTypeSubsetter.checksum(subset), 0xB1B0_AFBA)
    }

    func testCompositeGlyphsKeepTheirComponents() throws {
        let font = try fonts().regular
        // Find a composite glyph among accented capitals and check its components are kept.
        let composite = "ÉÈÊËÀÂÄÇŒŸ".unicodeScalars.map { font.glyph(for: $0) }.first {
            let data = font.glyphData(Int($0))
            return data.count > 10 && Int16(bitPattern: UInt16(data[data.startIndex]) << 8 | UInt16(data[data.startIndex + 1])) < 0
        }
        let glyph = try XCTUnwrap(composite, "DejaVu Sans has composite accented capitals")
        let kept = try TrueTypeSubsetter.closure(of: [glyph], in: font)
        XCTAssertGreaterThan(kept.count, 2, "the composite and its components")
    }

    func testMissingFontFolderIsATypedErrorWithThePath() {
        XCTAssertThrowsError(try FontSet(folder: "/nonexistent/fonts")) { error in
            guard case DocumentRenderError.fileUnreadable(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent/fonts/DejaVuSans.ttf")
        }
        XCTAssertThrowsError(try TrueTypeFont(bytes: [0, 1, 0, 0, 0, 9], name: "short.ttf")) { error in
            guard case DocumentRenderError.fontMalformed(let font, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(font, "short.ttf")
        }
    }
}
