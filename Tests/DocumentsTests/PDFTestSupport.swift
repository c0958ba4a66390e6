import Documents
import Domain
import Foundation
import TestSupport
import XCTest

/// Shared fixtures for the PDF tests: one renderer per test process, PDFs written to temporary files, and the
/// poppler and qpdf tools run on them. A missing tool fails the test (it never skips).
enum PDFTestSupport {
    /// Fonts and colour profile loaded once, as production does.
    static let renderer: Result<InvoicePDFRenderer, DocumentRenderError> = Result {
        () throws(DocumentRenderError) -> InvoicePDFRenderer in try InvoicePDFRenderer()
    }

    struct ToolMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is not installed (Debian: poppler-utils, qpdf)" }
    }

    /// The renderer, or a failure naming what could not be loaded.
    static func loadedRenderer() throws -> InvoicePDFRenderer { try renderer.get() }

    /// Renders `document` and writes it to a new temporary file; returns the path and the bytes.
    static func renderToFile(
        _ document: InvoiceDocument, options: PDFRenderOptions = PDFRenderOptions(), name: String = "invoice"
    ) throws -> (path: String, bytes: [UInt8]) {
        let bytes = try loadedRenderer().render(document, options: options)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recur-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(name).pdf").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    /// Runs `/usr/bin/<name>`; throws (failing the test) when it is not installed.
    static func tool(_ name: String, _ arguments: [String]) throws -> TestProcess.Result {
        let path = "/usr/bin/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else { throw ToolMissing(path: path) }
        return try TestProcess.run(path, arguments)
    }

    /// `pdftotext -layout` of pages `first`…`last` (all when nil), no-break spaces made plain spaces.
    static func text(_ path: String, first: Int? = nil, last: Int? = nil, layout: Bool = true) throws -> String {
        var arguments = layout ? ["-layout", "-enc", "UTF-8"] : ["-enc", "UTF-8"]
        if let first { arguments += ["-f", String(first)] }
        if let last { arguments += ["-l", String(last)] }
        let result = try tool("pdftotext", arguments + [path, "-"])
        XCTAssertEqual(result.status, 0, result.description)
        return normalized(result.stdout)
    }

    /// U+202F and U+00A0 as plain spaces, as a reader sees them.
    static func normalized(_ text: String) -> String {
        String(text.map { $0 == "\u{202F}" || $0 == "\u{00A0}" ? " " : $0 })
    }

    /// The number of pages, from `pdfinfo`.
    static func pageCount(_ path: String) throws -> Int {
        let info = try tool("pdfinfo", [path])
        let line = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }

    /// An 8 × 4 RGB JPEG (made with Pillow), for the logo.
    static let jpeg: [UInt8] = {
        let hex = Array("ffd8ffe000104a46494600010100000100010000ffdb00430006040506050406060506070706080a100a0a09090a140e0f0c1017141818171416161a1d251f1a1b231c1616202c20232627292a29191f2d302d283025282928ffdb0043010707070a080a130a0a13281a161a2828282828282828282828282828282828282828282828282828282828282828282828282828282828282828282828282828ffc00011080004000803012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00f30a28a2be84f00fffd9".utf8)
        return stride(from: 0, to: hex.count - 1, by: 2).map { index in
            UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) ?? 0
        }
    }()

    /// About 10 KB of XML standing in for a Factur-X file.
    static let facturXBytes: [UInt8] = {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">\n"
        for line in 1...120 { xml += "  <rsm:Note line=\"\(line)\">Ligne \(line) — é € « »</rsm:Note>\n" }
        return Array((xml + "</rsm:CrossIndustryInvoice>\n").utf8)
    }()
}
