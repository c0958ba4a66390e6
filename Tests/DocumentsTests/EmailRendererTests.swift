import Documents
import Domain
import XCTest

/// The default e-mail templates and the checks a tenant's template passes before it is saved.
final class EmailRendererTests: XCTestCase {
    func testEveryDefaultTemplatePassesTheChecksATenantsTemplateMustPass() throws {
        for kind in NotificationKind.allCases {
            for locale in DocumentLocale.allCases {
                let template = DefaultEmailTemplates.template(kind, locale)
                XCTAssertNoThrow(try EmailRenderer.validate(template, kind: kind, locale: locale), "\(kind) \(locale)")
                let email = try EmailRenderer.render(template, values: EmailTemplateContext.sample(kind: kind, locale: locale))
                for (part, text) in [("subject", email.subject), ("text", email.text), ("html", email.html)] {
                    XCTAssertFalse(text.contains("{{") || text.contains("}}"), "\(kind) \(locale) \(part): \(text)")
                }
                XCTAssertFalse(email.subject.contains("\n"))
                XCTAssertLessThanOrEqual(email.subject.count, EmailRenderer.maxSubjectLength)
                XCTAssertTrue(email.html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(locale.rawValue)\">"), "\(kind) \(locale)")
                XCTAssertTrue(email.text.hasSuffix("\nInitiative Conseil SARL\n"), "\(kind) \(locale): \(email.text)")
            }
        }
    }

    func testValuesAreEscapedInTheHTMLPartOnlyAndAmountsAndDatesFollowTheLanguage() throws {
        let payload = #"{"number":"F-1","total":"1234.5","currency":"EUR","due_date":"2026-12-01","party_name":"Dupont & Fils <SA>"}"#
        let french = EmailTemplateContext.values(kind: .invoiceIssued, payload: payload, locale: .fr, senderName: "Initiative")
        let email = try EmailRenderer.render(
            EmailTemplate(subject: "{{party_name}}\n{{total}}", text: "{{party_name}} {{due_date}}", html: "<p>{{party_name}}</p>"),
            values: french)
        XCTAssertEqual(email.subject, "Dupont & Fils <SA> 1\u{202F}234,50\u{00A0}€", "one line, values as they are")
        XCTAssertEqual(email.text, "Dupont & Fils <SA> 1er décembre 2026")
        XCTAssertEqual(email.html, "<p>Dupont &amp; Fils &lt;SA&gt;</p>")
        let english = EmailTemplateContext.values(kind: .invoiceIssued, payload: payload, locale: .en, senderName: "Initiative")
        XCTAssertEqual(english["total"] as? String, "€1,234.50")
        XCTAssertEqual(english["due_date"] as? String, "December 1, 2026")
    }

    func testATemplateIsRefusedNamingThePartThatDoesNotCompileOrRendersNothing() {
        let good = DefaultEmailTemplates.template(.invoiceOverdue, .en)
        var broken = good
        broken.text = "Hello {{#number}}"
        XCTAssertThrowsError(try EmailRenderer.validate(broken, kind: .invoiceOverdue, locale: .en)) { error in
            XCTAssertEqual((error as? EmailTemplateError)?.part, .text)
            XCTAssertTrue("\(error)".hasPrefix("the template does not compile: a section is never closed"), "\(error)")
        }
        broken = good
        broken.subject = "{{not_a_variable}}  "
        XCTAssertThrowsError(try EmailRenderer.validate(broken, kind: .invoiceOverdue, locale: .en)) { error in
            XCTAssertEqual((error as? EmailTemplateError)?.part, .subject)
            XCTAssertEqual("\(error)", "the template renders an empty document for the sample invoice_overdue e-mail in en")
        }
    }

    func testAnOverrideThatNoLongerRendersFallsBackToTheDefaultRatherThanFailTheSend() {
        let sample = EmailTemplateContext.sample(kind: .taskDue, locale: .fr)
        let email = EmailRenderer.render(
            .taskDue, .fr, override: EmailTemplate(subject: "{{#open}}", text: "x", html: "x"), values: sample)
        XCTAssertEqual(email.subject, "Tâche à échéance le 7 décembre 2026\u{00A0}: Renew the office lease")
    }
}

extension EmailRendererTests {
    func testAnOverrideLeavingAPartBlankForThisNotificationGivesWayToTheDefault() {
        let values = EmailTemplateContext.values(
            kind: .invoiceIssued, payload: #"{"number":"F-7","total":"10","currency":"EUR"}"#, locale: .en, senderName: "Initiative")
        let override = EmailTemplate(subject: "Ref {{statement_reference}}", text: "{{#statement_reference}}{{.}}{{/statement_reference}}", html: "<p>x</p>")
        XCTAssertEqual(EmailRenderer.render(.invoiceIssued, .en, override: override, values: values).subject, "Invoice F-7 from Initiative")
    }

    func testASubjectIsCutAtThreeHundredCodePointsEvenWithCombiningMarks() throws {
        let email = try EmailRenderer.render(
            EmailTemplate(subject: String(repeating: "e\u{0301}", count: 400), text: "x", html: "x"), values: [:])
        XCTAssertEqual(email.subject.unicodeScalars.count, EmailRenderer.maxSubjectLength)
    }
}
