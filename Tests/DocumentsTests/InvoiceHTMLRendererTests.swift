import Documents
import Foundation
import Domain
import XCTest

final class InvoiceHTMLRendererTests: XCTestCase {
    private let renderer = InvoiceHTMLRenderer()

    func testDefaultTemplateShowsTheDocumentFormatted() throws {
        let html = try renderer.render(.sample(), template: nil)
        XCTAssertTrue(html.contains("FA-2026-000123"))
        XCTAssertTrue(html.contains("Facture"))
        XCTAssertTrue(html.contains("Société Générale d’Études Cévenoles"), "accented buyer name")
        XCTAssertTrue(html.contains("Alès"))
        let totals = InvoiceDocument.sample().totals
        for amount in [totals.lineTotal, totals.taxTotal, totals.amountDue] {
            XCTAssertTrue(html.contains(DocumentLocale.fr.money(amount, .eur)), "formatted \(amount)")
        }
        XCTAssertTrue(html.contains("Net à payer"))
        XCTAssertTrue(html.contains("6 décembre 2026"))
        XCTAssertTrue(html.contains("FR76 3000 6000 0112 3456 7890 189"))
        XCTAssertTrue(html.contains("size: A4"))
        XCTAssertTrue(html.contains("20\u{202F}%") && html.contains("5,5\u{202F}%"))
        XCTAssertFalse(html.contains("BROUILLON"), "no watermark on an issued invoice")
        XCTAssertFalse(html.contains("{{"), "every tag rendered")

        if let keep = ProcessInfo.processInfo.environment["RECUR_HTML_KEEP"] {  // to look at it by hand
            try html.write(toFile: keep, atomically: true, encoding: .utf8)
        }
        let english = try InvoiceHTMLRenderer(paper: .letter).render(.sample(locale: .en), template: nil)
        XCTAssertTrue(english.contains("Amount due") && english.contains("December 6, 2026") && english.contains("size: Letter"))
    }

    func testDraftShowsTheWatermark() throws {
        let html = try renderer.render(.sample(isDraft: true), template: nil)
        XCTAssertTrue(html.contains("class=\"watermark\">BROUILLON<"))
        XCTAssertTrue(try renderer.render(.sample(locale: .en, isDraft: true), template: nil).contains(">DRAFT<"))
    }

    func testUserTextIsEscaped() throws {
        var document = InvoiceDocument.sample(lineCount: 2)
        document.lines[0].description = "<script>alert(\"x\")</script> & co"
        document.buyer.name = "O'Brien <b>Ltd</b>"
        let html = try renderer.render(document, template: nil)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<b>Ltd</b>"))
        XCTAssertTrue(html.contains("&lt;script&gt;"), "escaped description")
        XCTAssertFalse(InvoiceHTMLRenderer.defaultTemplate.contains("{{{"), "no unescaped tags in the default")
        XCTAssertFalse(InvoiceHTMLRenderer.defaultTemplate.contains("{{&"), "no unescaped tags in the default")
    }

    func testTenantTemplateUsesTheVariables() throws {
        let template = """
            <h1>{{labels.invoice}} {{number}}</h1><p>{{buyer.address.city}} {{totals.amount_due}}</p>
            {{#lines}}<li>{{description}} {{quantity}} {{unit}} {{unit_price}} {{discount}} {{tax_rate}} {{net}}</li>{{/lines}}
            {{#tax_breakdown}}<i>{{category}} {{rate}} {{basis}} {{tax}}</i>{{/tax_breakdown}}{{#is_draft}}DRAFT{{/is_draft}}
            """
        try InvoiceHTMLRenderer.validate(template: template)
        let html = try renderer.render(.sample(lineCount: 2), template: template)
        XCTAssertTrue(html.contains("<h1>Facture FA-2026-000123</h1>"))
        XCTAssertTrue(html.contains("<p>Alès "))
        XCTAssertTrue(html.contains("<li>Heures de conseil (déploiement) 2 h 134,56\u{00A0}€ 26,91\u{00A0}€ 20\u{202F}% "))
        XCTAssertTrue(html.contains("<i>S 20\u{202F}% "))
        XCTAssertFalse(html.contains("DRAFT"))
    }

    func testBrokenTemplatesAreRefusedNamingTheProblem() {
        XCTAssertThrowsError(try InvoiceHTMLRenderer.validate(template: "<ul>\n{{#lines}}<li>{{description}}</li>\n")) {
            let text = String(describing: $0)
            print("refused: \(text)")
            XCTAssertTrue(text.contains("never closed"), text)
            XCTAssertTrue(text.contains("line"), text)
        }
        XCTAssertThrowsError(try InvoiceHTMLRenderer.validate(template: "{{#lines}}x{{/notes}}")) {
            XCTAssertTrue(String(describing: $0).contains("closed with another name"), "\($0)")
        }
        XCTAssertThrowsError(try InvoiceHTMLRenderer.validate(template: "{{#is_draft}}only drafts{{/is_draft}}  ")) {
            XCTAssertEqual($0 as? DocumentTemplateError, .emptyOutput(sample: "French sample invoice"))
        }
        let large = String(repeating: "x", count: InvoiceHTMLRenderer.maxTemplateBytes + 1)
        XCTAssertThrowsError(try InvoiceHTMLRenderer.validate(template: large)) {
            XCTAssertEqual($0 as? DocumentTemplateError, .tooLarge(bytes: large.utf8.count, limit: InvoiceHTMLRenderer.maxTemplateBytes))
        }
        XCTAssertThrowsError(try renderer.render(.sample(), template: "{{#lines}}")) {
            XCTAssertTrue(String(describing: $0).contains("does not compile"), "\($0)")
        }
        XCTAssertNoThrow(try InvoiceHTMLRenderer.validate(template: InvoiceHTMLRenderer.defaultTemplate))
    }

    func testUnknownLocaleTagIsNil() {
        XCTAssertNil(DocumentLocale(tag: "de-DE"))
        XCTAssertEqual(DocumentLocale(tag: "fr-BE"), .fr)
    }
}
