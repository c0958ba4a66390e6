import Documents
import Domain
import Foundation
import XCTest

/// The `factur-x.xml` attachment and the PDF/A-3b metadata, read back with pdfdetach, pdfinfo and, when the factur-x
/// Python package is installed, its extractor.
final class FacturXEmbeddingTests: XCTestCase {
    private typealias Support = PDFTestSupport

    func testAttachmentComesBackByteForByte() throws {
        let xml = Support.facturXBytes
        let (path, _) = try Support.renderToFile(.sample(), options: PDFRenderOptions(facturX: xml))
        let list = try Support.tool("pdfdetach", ["-list", path])
        XCTAssertEqual(list.status, 0, list.description)
        XCTAssertTrue(list.stdout.contains("1 embedded files") && list.stdout.contains("1: factur-x.xml"), list.stdout)
        let out = path + ".xml"
        let save = try Support.tool("pdfdetach", ["-save", "1", "-o", out, path])
        XCTAssertEqual(save.status, 0, save.description)
        XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: out))), xml)
    }

    func testXMPDeclaresPDFA3BAndTheFacturXSchema() throws {
        let (path, bytes) = try Support.renderToFile(.sample(), options: PDFRenderOptions(facturX: Support.facturXBytes))
        let meta = try Support.tool("pdfinfo", ["-meta", path]).stdout
        for fragment in [
            "<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
            "<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>",
            "<pdfaSchema:prefix>fx</pdfaSchema:prefix>", "<fx:DocumentType>INVOICE</fx:DocumentType>",
            "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>", "<fx:Version>1.0</fx:Version>",
            "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>", "<xmp:CreateDate>2026-12-06T00:00:00Z</xmp:CreateDate>",
        ] {
            XCTAssertTrue(meta.contains(fragment), "\(fragment) not in:\n\(meta)")
        }
        let raw = String(decoding: bytes, as: UTF8.self)
        for fragment in ["/AFRelationship /Data", "/Subtype /text#2Fxml", "/S /GTS_PDFA1", "/EmbeddedFiles", "/AF ["] {
            XCTAssertTrue(raw.contains(fragment), fragment)
        }
        let info = try Support.tool("pdfinfo", [path]).stdout
        XCTAssertTrue(info.contains("CreationDate:") && info.contains("2026"), info)
    }

    func testWithoutXMLThereIsNoAttachmentNorFacturXSchema() throws {
        let (path, _) = try Support.renderToFile(.sample())
        XCTAssertTrue(try Support.tool("pdfdetach", ["-list", path]).stdout.contains("0 embedded files"))
        let meta = try Support.tool("pdfinfo", ["-meta", path]).stdout
        XCTAssertTrue(meta.contains("<pdfaid:part>3</pdfaid:part>"))
        XCTAssertFalse(meta.contains("fx:"))
    }

    /// factur-x's own extractor, when the Python package is installed (optional on this machine).
    func testFacturXPackageExtractsTheXML() throws {
        let check = try? Support.tool("env", ["python3", "-c", "import facturx"])
        guard check?.status == 0 else { throw XCTSkip("the factur-x Python package is not installed") }
        let (path, _) = try Support.renderToFile(.sample(), options: PDFRenderOptions(facturX: Support.facturXBytes))
        let out = path + ".extracted.xml"
        let result = try Support.tool("env", ["facturx-pdfextractxml", "-d", "-ds", path, out])
        XCTAssertEqual(result.status, 0, result.description)
        XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: out))), Support.facturXBytes)
    }
}
