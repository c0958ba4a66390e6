import Domain
import Foundation
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// Issue 23: the real `recur-worker deliver` writes each e-mail at send time from the tenant's template for its
/// kind in the customer's language (else the default, in the tenant's documents locale) and copies the customer's
/// billing cc; what arrives at the real aiosmtpd relay is read back with Python's `email` package.
extension WorkerDeliveryTests {
    /// The tenant signs as "Initiative Conseil SARL" from billing@initiative.test.
    private func signAsInitiative() throws {
        try fixture.database.transaction(tenant) { db in
            _ = try TenantSettingsRepository(db, control: fixture.control).apply(
                TenantUpdate(
                    legal: LegalIdentity(legalName: "Initiative Conseil SARL"),
                    delivery: DeliverySettings(fromAddress: "billing@initiative.test")),
                to: tenant)
        }
    }

    /// Issues one invoice of 1,234.50 EUR on 6 December 2026 (due 30 days later) to a new customer.
    private func issue(to party: PartyDraft) throws -> Invoice {
        try fixture.database.transaction(tenant) { db in
            let party = try PartyRepository(db).create(party, defaultCurrency: .eur)
            let draft = try InvoiceRepository(db).createDraft(
                InvoiceDraft(
                    partyID: party.id,
                    lines: [InvoiceLineDraft(description: "Audit", quantity: 1, unitPrice: ExactDecimal("1234.50")!)]))
            return try InvoiceRepository(db).issue(draft.id, today: CalendarDate(year: 2026, month: 12, day: 6)!)
        }
    }

    func testAFrenchCustomerGetsTheTenantsFrenchOverrideWithCcAndOthersTheEnglishDefault() throws {
        try signAsInitiative()
        try fixture.database.transaction(tenant) { db in
            try EmailTemplateRepository(db).save(
                EmailTemplate(
                    subject: "Votre facture {{number}} ({{total}})",
                    text: "Bonjour {{party_name}},\nla facture {{number}} du {{invoice_date}} s’élève à {{total}}, payable le {{due_date}}.\n",
                    html: "<p>Bonjour {{party_name}},</p><p>Facture <b>{{number}}</b> : {{total}}, payable le {{due_date}}.</p>"),
                kind: .invoiceIssued, language: .fr)
        }
        let french = try issue(
            to: PartyDraft(
                kind: .customer, name: "Dupont & Fils", email: "ap@dupont.test", paymentTermsDays: 30, language: .fr,
                billingCC: ["compta@dupont.test", "dg@dupont.test"]))
        let english = try issue(to: PartyDraft(kind: .customer, name: "Globex", email: "ap@globex.test", paymentTermsDays: 30))
        let frenchNumber = try XCTUnwrap(french.number)
        let englishNumber = try XCTUnwrap(english.number)

        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("2 sent, 0 to retry, 0 failed"), run.stdout)
        let received = try smtp.messages()
        XCTAssertEqual(received.count, 2)
        let byRecipient = Dictionary(uniqueKeysWithValues: received.map { ($0.envelope.rcpt_tos.first ?? "", $0) })

        // French: the tenant's override, amounts and dates as French documents write them, the cc on the envelope
        // and in the header.
        let frenchMail = try XCTUnwrap(byRecipient["ap@dupont.test"])
        XCTAssertEqual(Set(frenchMail.envelope.rcpt_tos), ["ap@dupont.test", "compta@dupont.test", "dg@dupont.test"])
        let fr = try frenchMail.inspect()
        XCTAssertEqual(fr.header("Subject"), "Votre facture \(frenchNumber) (1\u{202F}234,50\u{00A0}€)")
        XCTAssertEqual(fr.header("Cc"), "compta@dupont.test, dg@dupont.test")
        XCTAssertEqual(
            fr.plainText,
            "Bonjour Dupont & Fils,\nla facture \(frenchNumber) du 6 décembre 2026 s’élève à 1\u{202F}234,50\u{00A0}€, payable le 5 janvier 2027.\n")
        XCTAssertEqual(
            fr.htmlText,
            "<p>Bonjour Dupont &amp; Fils,</p><p>Facture <b>\(frenchNumber)</b> : 1\u{202F}234,50\u{00A0}€, payable le 5 janvier 2027.</p>")
        XCTAssertEqual(fr.structure.map { $0.trimmingCharacters(in: .whitespaces) },
                       ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
        XCTAssertTrue(fr.defects.isEmpty, "\(fr.defects)")

        // English (no language: the tenant's documents locale, en): the default template, no cc.
        let englishMail = try XCTUnwrap(byRecipient["ap@globex.test"])
        XCTAssertEqual(englishMail.envelope.rcpt_tos, ["ap@globex.test"])
        let en = try englishMail.inspect()
        XCTAssertEqual(en.header("Subject"), "Invoice \(englishNumber) from Initiative Conseil SARL")
        XCTAssertNil(en.header("Cc"))
        let text = try XCTUnwrap(en.plainText)
        XCTAssertTrue(text.hasPrefix("Dear Globex,\n\nPlease find attached invoice \(englishNumber) dated December 6, 2026 for €1,234.50, due on January 5, 2027."), text)
        XCTAssertTrue(text.contains("Amount due: €1,234.50\n"), text)
        XCTAssertTrue(text.hasSuffix("Kind regards,\nInitiative Conseil SARL\n"), text)
        let html = try XCTUnwrap(en.htmlText)
        XCTAssertTrue(html.contains("<html lang=\"en\">") && html.contains(">€1,234.50</td>"), html)

        // The outbox keeps the subject each e-mail was sent with; the Message-ID is the notification's.
        let subjects = try fixture.database.transaction(tenant) { db in
            try db.query("SELECT id, subject FROM notification_outbox ORDER BY subject").map {
                (try $0.decode(UUID.self, "id"), try $0.decode(String.self, "subject"))
            }
        }
        XCTAssertEqual(Set(subjects.map(\.1)), [fr.header("Subject"), en.header("Subject")])
        XCTAssertEqual(
            Set(subjects.map { "<\($0.0.uuidString.lowercased())@notifications.recur>" }),
            Set([fr.header("Message-ID"), en.header("Message-ID")].compactMap { $0 }))
    }

    func testAnOverdueReminderInTheCustomersLanguageIsCopiedToItsBillingCc() throws {
        try signAsInitiative()
        let invoice = try issue(
            to: PartyDraft(
                kind: .customer, name: "Dupont & Fils", email: "ap@dupont.test", paymentTermsDays: 30, language: .fr,
                billingCC: ["compta@dupont.test"]))
        let number = try XCTUnwrap(invoice.number)
        // Due on 5 January 2027: the first reminder (1 day after) is written by the EOD of the 6th.
        let written = try fixture.database.transaction(tenant) { db in
            try OverdueInvoiceReminders().run(tenant: tenant, asOf: CalendarDate(year: 2027, month: 1, day: 6)!, on: db)
        }
        XCTAssertEqual(written, 1)
        XCTAssertEqual(try deliver().status, 0)

        let reminders = try smtp.messages().filter { try $0.inspect().header("Subject")?.hasPrefix("Relance") == true }
        let reminder = try XCTUnwrap(reminders.first, "the French default reminder")
        XCTAssertEqual(Set(reminder.envelope.rcpt_tos), ["ap@dupont.test", "compta@dupont.test"])
        let mail = try reminder.inspect()
        XCTAssertEqual(mail.header("Subject"), "Relance\u{00A0}: facture \(number) échue")
        XCTAssertEqual(mail.header("Cc"), "compta@dupont.test")
        XCTAssertNotNil(mail.header("List-Unsubscribe"))
        let text = try XCTUnwrap(mail.plainText)
        XCTAssertTrue(text.hasPrefix("Bonjour Dupont & Fils,\n\nSauf erreur de notre part, la facture \(number) du 6 décembre 2026, échue le 5 janvier 2027, présente un solde impayé de 1\u{202F}234,50\u{00A0}€."), text)
        XCTAssertTrue(text.contains("\nJours de retard\u{00A0}: 1\nSolde dû\u{00A0}: 1\u{202F}234,50\u{00A0}€\n"), text)
    }
}
