import Foundation
import TestSupport
import XCTest

/// Issue 23 over HTTP: a tenant's e-mail templates (defaults for every kind and language, overrides saved only
/// once they render the sample notification, preview, back to the default) and a party's language and billing cc.
final class EmailTemplateAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "mailtpl" }

    private func body(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private let frenchInvoice: [String: Any] = [
        "subject": "Votre facture {{number}} — {{total}}",
        "text": "Bonjour {{party_name}},\nfacture {{number}} du {{invoice_date}} : {{total}}, échéance {{due_date}}.\n",
        "html": "<p>Bonjour {{party_name}}, facture <b>{{number}}</b> : {{total}}</p>",
    ]

    func testEveryKindHasADefaultInBothLanguagesUntilOverriddenAndDeleteReturnsToIt() throws {
        let listed = try call("GET", "/v1/email-templates", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(listed.count, 16, "eight kinds, two languages")
        XCTAssertTrue(listed.allSatisfy { $0["is_default"] as? Bool == true })
        let kinds = Set(listed.compactMap { $0["kind"] as? String })
        XCTAssertEqual(kinds, ["invoice_issued", "subscription_ending", "invoice_overdue", "budget_threshold", "task_due", "webhook_disabled",
            "user_invitation", "password_reset"])
        let defaultFrench = try call("GET", "/v1/email-templates/invoice_issued/fr", expect: 200)
        XCTAssertEqual(defaultFrench["subject"] as? String, "Facture {{number}} de {{sender_name}}")
        XCTAssertTrue((defaultFrench["html"] as? String)?.contains("<html lang=\"fr\">") == true)

        let saved = try call("PUT", "/v1/email-templates/invoice_issued/fr", try body(frenchInvoice), expect: 200)
        XCTAssertEqual(saved["is_default"] as? Bool, false)
        XCTAssertEqual(saved["subject"] as? String, frenchInvoice["subject"] as? String)
        XCTAssertNotNil(saved["updated_at"] as? String)
        let after = try call("GET", "/v1/email-templates", expect: 200)["data"] as? [[String: Any]] ?? []
        let overridden = after.filter { $0["is_default"] as? Bool == false }.map { "\($0["kind"]!)/\($0["language"]!)" }
        XCTAssertEqual(overridden, ["invoice_issued/fr"], "only that kind and language")
        XCTAssertEqual(try call("GET", "/v1/email-templates/invoice_issued/en", expect: 200)["is_default"] as? Bool, true)

        let reset = try call("DELETE", "/v1/email-templates/invoice_issued/fr", expect: 200)
        XCTAssertEqual(reset["is_default"] as? Bool, true)
        XCTAssertEqual(reset["subject"] as? String, defaultFrench["subject"] as? String)
        XCTAssertEqual(try call("GET", "/v1/email-templates/invoice_issued/fr", expect: 200)["is_default"] as? Bool, true)

        _ = try call("GET", "/v1/email-templates/invoice_paid/fr", expect: 404)
        _ = try call("PUT", "/v1/email-templates/invoice_issued/de", try body(frenchInvoice), expect: 404)
    }

    func testATemplateThatDoesNotCompileOrRendersNothingIsRefusedNamingItsPart() throws {
        var broken = frenchInvoice
        broken["subject"] = "Facture {{#number}}"
        let unclosed = try call("PUT", "/v1/email-templates/invoice_issued/fr", try body(broken), expect: 422)
        XCTAssertEqual(problemPointers(unclosed), ["/subject"])
        let detail = (unclosed["errors"] as? [[String: Any]])?.first?["detail"] as? String ?? ""
        XCTAssertTrue(detail.hasPrefix("the template does not compile: a section is never closed"), detail)

        broken = frenchInvoice
        broken["html"] = "{{no_such_variable}}"
        XCTAssertEqual(problemPointers(try call("PUT", "/v1/email-templates/invoice_issued/fr", try body(broken), expect: 422)), ["/html"])
        broken = frenchInvoice
        broken["text"] = "{{/number}}"
        XCTAssertEqual(problemPointers(try call("PUT", "/v1/email-templates/task_due/en", try body(broken), expect: 422)), ["/text"])
        // Missing and empty parts, as the document says.
        XCTAssertEqual(
            problemPointers(try call("PUT", "/v1/email-templates/invoice_issued/fr", #"{"subject":"","text":"x"}"#, expect: 422)),
            ["/html", "/subject"])
        XCTAssertEqual(try call("GET", "/v1/email-templates/invoice_issued/fr", expect: 200)["is_default"] as? Bool, true, "nothing saved")
    }

    func testAPreviewRendersTheSampleInTheTemplatesLanguage() throws {
        let preview = try call("POST", "/v1/email-templates/invoice_issued/fr/preview", try body(frenchInvoice), expect: 200)
        // Amounts and dates as French documents write them: U+202F between groups, U+00A0 before the symbol.
        XCTAssertEqual(preview["subject"] as? String, "Votre facture INV-2026-0042 — 1\u{202F}234,56\u{00A0}€")
        XCTAssertTrue((preview["text"] as? String)?.contains("facture INV-2026-0042 du 6 décembre 2026") == true, "\(preview)")
        XCTAssertTrue((preview["text"] as? String)?.contains("échéance 5 janvier 2027") == true, "\(preview)")

        // Without a body: the template in force (the default), English amounts and dates.
        let english = try call("POST", "/v1/email-templates/invoice_overdue/en/preview", expect: 200)
        XCTAssertEqual(english["subject"] as? String, "Reminder: invoice INV-2026-0042 is overdue")
        XCTAssertTrue((english["text"] as? String)?.contains("was due on January 5, 2027, and €1,234.56 remains outstanding") == true, "\(english)")
        XCTAssertTrue((english["html"] as? String)?.contains("Globex Corporation") == true)

        // Only the parts given replace the template in force.
        let partial = try call(
            "POST", "/v1/email-templates/task_due/en/preview", try body(["subject": "{{title}}, {{assignee}}"]), expect: 200)
        XCTAssertEqual(partial["subject"] as? String, "Renew the office lease, ops@initiative.test")
        XCTAssertTrue((partial["text"] as? String)?.contains("The task “Renew the office lease” is due on December 7, 2026.") == true, "\(partial)")
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/email-templates/task_due/en/preview", #"{"html":"{{#a}}"}"#, expect: 422)), ["/html"])
    }

    func testAPartysLanguageAndBillingCcAreKeptAndEachBadAddressIsNamed() throws {
        let party = try call(
            "POST", "/v1/parties",
            try body(["kind": "customer", "name": "Globex", "email": "ap@globex.test", "language": "fr",
                      "billing_cc": ["cfo@globex.test", "compta@globex.test"]]),
            expect: 201)
        XCTAssertEqual(party["language"] as? String, "fr")
        XCTAssertEqual(party["billing_cc"] as? [String], ["cfo@globex.test", "compta@globex.test"])
        let id = try XCTUnwrap(party["id"] as? String)
        XCTAssertEqual(try call("GET", "/v1/parties/\(id)", expect: 200)["billing_cc"] as? [String], ["cfo@globex.test", "compta@globex.test"])

        let replaced = try call("PUT", "/v1/parties/\(id)", try body(["kind": "customer", "name": "Globex"]), expect: 200)
        XCTAssertNil(replaced["language"] as? String, "a full replacement without a language: the tenant's")
        XCTAssertEqual(replaced["billing_cc"] as? [String], [])

        let badLanguage = try call("PUT", "/v1/parties/\(id)", try body(["kind": "customer", "name": "Globex", "language": "de"]), expect: 422)
        XCTAssertEqual(problemPointers(badLanguage), ["/language"])
        let badAddress = try call(
            "PUT", "/v1/parties/\(id)",
            try body(["kind": "customer", "name": "Globex", "billing_cc": ["a@globex.test", "b@globex.test", "c@globex.test", "not an address"]]),
            expect: 422)
        XCTAssertEqual(problemPointers(badAddress), ["/billing_cc/3"])
        let tooMany = (0...10).map { "cc\($0)@globex.test" }
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/parties", try body(["kind": "customer", "name": "Many", "billing_cc": tooMany]), expect: 422)),
            ["/billing_cc"])
    }

    func testAPatchChangesOnlyTheFieldsItGives() throws {
        let party = try call(
            "POST", "/v1/parties",
            try body(["kind": "customer", "name": "Globex", "email": "ap@globex.test", "payment_terms_days": 30,
                      "billing_cc": ["cfo@globex.test"]]),
            expect: 201)
        let id = try XCTUnwrap(party["id"] as? String)
        let patched = try call(
            "PATCH", "/v1/parties/\(id)", try body(["language": "fr", "billing_cc": ["cfo@globex.test", "dg@globex.test"]]), expect: 200)
        XCTAssertEqual(patched["language"] as? String, "fr")
        XCTAssertEqual(patched["billing_cc"] as? [String], ["cfo@globex.test", "dg@globex.test"])
        XCTAssertEqual(patched["email"] as? String, "ap@globex.test", "kept")
        XCTAssertEqual(patched["payment_terms_days"] as? Int, 30, "kept")
        XCTAssertEqual(patched["name"] as? String, "Globex", "kept")

        let cleared = try call("PATCH", "/v1/parties/\(id)", #"{"language":null,"billing_cc":null}"#, expect: 200)
        XCTAssertNil(cleared["language"] as? String)
        XCTAssertEqual(cleared["billing_cc"] as? [String], [])
        XCTAssertEqual(
            problemPointers(try call("PATCH", "/v1/parties/\(id)", #"{"billing_cc":["ok@globex.test","nope"],"kind":"vendor"}"#, expect: 422)),
            ["/kind"], "kind is not a field of a patch")
        XCTAssertEqual(
            problemPointers(try call("PATCH", "/v1/parties/\(id)", #"{"billing_cc":["ok@globex.test","nope"]}"#, expect: 422)),
            ["/billing_cc/1"])
        XCTAssertEqual(
            problemPointers(try call("PATCH", "/v1/parties/\(id)", #"{"name":null}"#, expect: 422)), ["/name"])
        _ = try call("PATCH", "/v1/parties/\(UUID().uuidString.lowercased())", #"{"language":"en"}"#, expect: 404)
        XCTAssertEqual(try call("GET", "/v1/parties/\(id)", expect: 200)["billing_cc"] as? [String], [], "nothing stored from a refusal")
    }
}
