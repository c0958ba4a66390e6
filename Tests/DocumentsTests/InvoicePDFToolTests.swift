import Documents
import Domain
import Foundation
import XCTest

/// Invoice PDFs read back by independent tools: qpdf, pdftotext, pdfinfo, pdffonts, pdfdetach, pdfimages.
final class InvoicePDFToolTests: XCTestCase {
    private typealias Support = PDFTestSupport

    func testQpdfCheckFindsNoErrors() throws {
        for document in [InvoiceDocument.sample(), .sample(lineCount: 60, locale: .en, isDraft: true)] {
            let options = PDFRenderOptions(facturX: Support.facturXBytes, logoJPEG: Support.jpeg)
            let (path, _) = try Support.renderToFile(document, options: options)
            let check = try Support.tool("qpdf", ["--check", path])
            XCTAssertEqual(check.status, 0, check.description)
            XCTAssertTrue(check.stdout.contains("No syntax or stream encoding errors found"), check.description)
            XCTAssertFalse(check.stderr.contains("WARNING"), check.description)
        }
    }

    func testTextHasNumberBuyerAndTotalsFormattedInTheLocale() throws {
        for locale in DocumentLocale.allCases {
            let document = InvoiceDocument.sample(locale: locale)
            let text = try Support.text(Support.renderToFile(document).path)
            let money = { (amount: ExactDecimal) in Support.normalized(locale.money(amount, document.currency)) }
            var expected = [
                try XCTUnwrap(document.number), document.buyer.name, document.seller.name,
                money(document.totals.lineTotal), money(document.totals.grandTotal), money(document.totals.amountDue),
                Support.normalized(locale.date(document.issueDate)), locale.label(.amountDue),
                Support.normalized(try XCTUnwrap(document.payment).groupedIBAN),
            ]
            for subtotal in document.taxBreakdown {
                expected.append(Support.normalized(locale.label(.tax) + " " + locale.percent(subtotal.rate)))
                expected.append(money(subtotal.tax))
            }
            for line in document.lines.prefix(3) { expected.append(money(line.net)) }
            for string in expected {
                XCTAssertTrue(text.contains(string), "\(locale): «\(string)» not in:\n\(text)")
            }
        }
    }

    func testFrenchAmountsUseNarrowNoBreakSpacesThatExtract() throws {
        let document = InvoiceDocument.sample()
        let raw = try Support.tool("pdftotext", ["-enc", "UTF-8", try Support.renderToFile(document).path, "-"]).stdout
        let due = document.locale.money(document.totals.amountDue, document.currency)
        XCTAssertTrue(due.contains("\u{202F}") && due.contains("\u{00A0}"), due)
        XCTAssertTrue(Support.normalized(raw).contains(Support.normalized(due)), raw)
        for word in ["Société Générale d’Études Cévenoles", "« Pro »", "Alès", "—"] {
            XCTAssertTrue(raw.contains(word), "\(word) not in:\n\(raw)")
        }
    }

    func testPageSizesAreA4AndLetter() throws {
        for (paper, size) in [(PaperSize.a4, "595.276 x 841.89"), (.letter, "612 x 792")] {
            let (path, _) = try Support.renderToFile(.sample(), options: PDFRenderOptions(paper: paper))
            let info = try Support.tool("pdfinfo", [path])
            XCTAssertEqual(info.status, 0, info.description)
            XCTAssertTrue(info.stdout.contains("Page size:       \(size) pts"), info.stdout)
            XCTAssertTrue(info.stdout.contains("PDF version:     1.7"), info.stdout)
        }
    }

    func testFontsAreEmbeddedSubsetsWithToUnicode() throws {
        let fonts = try Support.tool("pdffonts", [try Support.renderToFile(.sample()).path])
        let rows = fonts.stdout.split(separator: "\n").dropFirst(2)
        XCTAssertEqual(rows.count, 2, fonts.stdout)
        for row in rows {
            XCTAssertNotNil(row.wholeMatch(of: /[A-Z]{6}\+DejaVuSans(-Bold)?\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes.*/),
                "\(row)")
        }
    }

    func testSameDocumentGivesTheSameBytes() throws {
        let renderer = try Support.loadedRenderer()
        let options = PDFRenderOptions(facturX: Support.facturXBytes, logoJPEG: Support.jpeg)
        for document in [InvoiceDocument.sample(), .sample(lineCount: 40, locale: .en, isDraft: true)] {
            let first = try renderer.render(document, options: options)
            XCTAssertEqual(first, try renderer.render(document, options: options))
        }
        var other = InvoiceDocument.sample()
        other.buyer.name += " SA"
        XCTAssertNotEqual(try renderer.render(other), try renderer.render(.sample()))
    }

    func testLongInvoiceRepeatsTheHeaderRowAndEndsWithTheTotals() throws {
        let document = InvoiceDocument.sample(lineCount: 200)
        let (path, _) = try Support.renderToFile(document)
        let pages = try Support.pageCount(path)
        XCTAssertGreaterThanOrEqual(pages, 4)
        let header = document.locale.label(.description)
        let due = document.locale.label(.amountDue)
        var pagesWithLines = 0
        for page in 1...pages {
            let text = try Support.text(path, first: page, last: page)
            let hasLines = document.lines.contains { text.contains($0.description) }
            if hasLines { pagesWithLines += 1 }
            XCTAssertEqual(text.contains(header), hasLines, "page \(page): header row iff lines\n\(text)")
            XCTAssertEqual(text.contains(due), page == pages, "page \(page): amount due only on the last page")
            XCTAssertTrue(text.contains("Page \(page) / \(pages)"), "page \(page)\n\(text)")
            XCTAssertTrue(text.contains("Pénalités de retard"), "legal footer on page \(page)")
        }
        XCTAssertGreaterThanOrEqual(pagesWithLines, pages - 1)
        let all = try Support.text(path, layout: false)
        for line in document.lines where !all.contains(Support.normalized(document.locale.money(line.net, .eur))) {
            XCTFail("line \(line.lineNumber)'s total is missing")
        }
    }

    func testDraftShowsTheWatermarkInItsLanguage() throws {
        for (locale, word) in [(DocumentLocale.fr, "BROUILLON"), (.en, "DRAFT")] {
            let draft = try Support.text(Support.renderToFile(.sample(locale: locale, isDraft: true)).path, layout: false)
            XCTAssertTrue(draft.contains(word), draft)
            let issued = try Support.text(Support.renderToFile(.sample(locale: locale)).path, layout: false)
            XCTAssertFalse(issued.contains(word))
        }
    }

    func testCreditNoteIsTitledAsOne() throws {
        var document = InvoiceDocument.sample()
        document.kind = .creditNote
        document.precedingInvoice = DocumentReference(number: "FA-2026-000099", issueDate: document.issueDate)
        let text = try Support.text(Support.renderToFile(document).path)
        XCTAssertTrue(text.contains("Avoir") && text.contains("FA-2026-000099"), text)
    }

    func testLogoIsAJPEGImage() throws {
        let (path, _) = try Support.renderToFile(.sample(), options: PDFRenderOptions(logoJPEG: Support.jpeg))
        let images = try Support.tool("pdfimages", ["-list", path])
        XCTAssertEqual(images.status, 0, images.description)
        XCTAssertNotNil(images.stdout.range(of: #"image\s+8\s+4\s+rgb\s+3\s+8\s+jpeg"#, options: .regularExpression), images.stdout)
        let renderer = try Support.loadedRenderer()
        XCTAssertThrowsError(try renderer.render(.sample(), options: PDFRenderOptions(logoJPEG: [0x89, 0x50, 0x4e, 0x47, 0, 0])))
    }
}
