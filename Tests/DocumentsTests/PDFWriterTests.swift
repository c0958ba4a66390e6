@testable import Documents
import XCTest

/// PDF syntax the writer produces, byte for byte.
final class PDFWriterTests: XCTestCase {
    private func written(_ value: PDFValue) -> String {
        var out: [UInt8] = []
        value.write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testValuesAreWrittenInPDFSyntax() {
        XCTAssertEqual(written(.name("text/xml")), "/text#2Fxml")
        XCTAssertEqual(written(.real(595.276)), "595.276")
        XCTAssertEqual(written(.real(612)), "612")
        XCTAssertEqual(written(.real(-0.5)), "-0.5")
        XCTAssertEqual(written(.real(0.0004)), "0")
        XCTAssertEqual(written(.bytes(Array("a(b)\\".utf8))), "(a\\(b\\)\\\\)")
        XCTAssertEqual(written(.text("é")), "<FEFF00E9>")
        XCTAssertEqual(written(.dictionary([("A", .int(1)), ("B", .array([.bool(true), .reference(PDFReference(number: 3))]))])),
            "<</A 1 /B [true 3 0 R] >>")
    }

    func testCrossReferenceOffsetsPointAtTheirObjects() throws {
        var writer = PDFWriter()
        let first = writer.add(.int(42))
        let second = try writer.addStream([], data: Array(repeating: 65, count: 1_000))
        let bytes = writer.finish(root: first, info: second)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("%PDF-1.7\n%"))
        let xrefAt = try XCTUnwrap(text.range(of: "\nstartxref\n")).upperBound
        let startxref = try XCTUnwrap(Int(text[xrefAt...].prefix { $0.isNumber }))
        XCTAssertTrue(String(decoding: bytes[startxref...], as: UTF8.self).hasPrefix("xref\n0 3\n"))
        let entries = String(decoding: bytes[startxref...], as: UTF8.self).split(separator: "\r\n").dropFirst().prefix(2)
        for (index, entry) in entries.enumerated() {
            let offset = try XCTUnwrap(Int(entry.prefix(10)), "\(entry)")
            XCTAssertTrue(String(decoding: bytes[offset...], as: UTF8.self).hasPrefix("\(index + 1) 0 obj\n"), "\(entry)")
        }
        XCTAssertEqual(bytes, writer.finish(root: first, info: second))
    }
}
