import Domain
import Foundation

/// The Mustache context an e-mail template is rendered with: the notification's stored payload, every amount and
/// date formatted for the e-mail's language as documents format them (`1 234,56 €`, `6 décembre 2026`), plus who
/// sends it. Absent values are missing, so `{{#statement_reference}}…{{/statement_reference}}` shows only when
/// there is one. The variables of each kind are listed in docs/delivery.md ("Templates").
public enum EmailTemplateContext {
    /// Payload fields that are amounts in the payload's `currency`.
    static let amounts: Set = ["total", "outstanding", "actual", "budget"]
    /// Payload fields that are dates (`failing_since`, an instant, is written as its UTC date).
    static let dates: Set = ["invoice_date", "due_date", "ends_on", "failing_since", "expires_on"]

    /// The context of a notification of `kind` whose payload is the JSON object `payload`, written in `locale`
    /// by `senderName`. `partyName` stands in when the payload names no party (notifications queued before 0025).
    public static func values(
        kind: NotificationKind, payload: String, locale: DocumentLocale, senderName: String, partyName: String? = nil,
        linkToken: String? = nil
    ) -> [String: Any] {
        let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] ?? [:]
        var fields: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: fields[key] = text
            case let number as NSNumber: fields[key] = number.stringValue
            default: continue
            }
        }
        if fields["party_name"] == nil, let partyName { fields["party_name"] = partyName }
        // An account e-mail's link: the page's address stored in the payload (`link_base`) and the one-time token
        // kept apart from it (the outbox's `link_secret`, never in the payload). No token, no link.
        fields.removeValue(forKey: "accept_url")
        fields.removeValue(forKey: "reset_url")
        if let variable = linkVariable(kind), let base = fields.removeValue(forKey: "link_base"), let linkToken {
            fields[variable] = base + (base.contains("?") ? "&" : "?") + "token=" + linkToken
        }
        return values(kind: kind, fields: fields, locale: locale, senderName: senderName)
    }

    /// The context of `fields` (payload values as text).
    static func values(kind: NotificationKind, fields: [String: String], locale: DocumentLocale, senderName: String) -> [String: Any] {
        let currency = fields["currency"].flatMap(Currency.init(code:))
        var values: [String: Any] = [:]
        for (key, text) in fields where !text.isEmpty {
            if amounts.contains(key), let currency, let amount = ExactDecimal(text) {
                values[key] = locale.money(amount, currency)
            } else if dates.contains(key), let date = CalendarDate(String(text.prefix(10))) {
                values[key] = locale.date(date)
            } else if key == "threshold_percent", let rate = ExactDecimal(text) {
                values[key] = locale.percent(rate)
            } else {
                values[key] = text
            }
        }
        values["sender_name"] = senderName
        values["language"] = locale.rawValue
        values["kind"] = kind.wireValue
        if kind == .taskDue { values["due_today"] = fields["days_before"] == "0" }
        if kind == .userInvitation, let role = fields["role"], locale == .fr {
            values["role"] = ["owner": "propriétaire", "accountant": "comptable", "viewer": "lecteur"][role] ?? role
        }
        return values
    }

    /// The variable holding the one-time link of an account e-mail: `accept_url` (invitation), `reset_url`.
    public static func linkVariable(_ kind: NotificationKind) -> String? {
        switch kind {
        case .userInvitation: "accept_url"
        case .passwordReset: "reset_url"
        default: nil
        }
    }

    /// The sample context templates are checked against before they are saved: a plausible notification of `kind`
    /// with every variable set.
    public static func sample(kind: NotificationKind, locale: DocumentLocale) -> [String: Any] {
        values(kind: kind, fields: sampleFields(kind), locale: locale, senderName: "Initiative Conseil SARL")
    }

    /// Sample payload values of `kind`, as the outbox stores them.
    static func sampleFields(_ kind: NotificationKind) -> [String: String] {
        let invoice = [
            "invoice_id": "0193b0f2-7c1e-7000-8000-000000000001", "number": "INV-2026-0042",
            "party_id": "0193b0f2-7c1e-7000-8000-000000000002", "party_name": "Globex Corporation",
            "invoice_date": "2026-12-06", "due_date": "2027-01-05", "currency": "EUR",
        ]
        switch kind {
        case .invoiceIssued:
            return invoice.merging(["total": "1234.56", "statement_reference": "PO-7781"]) { $1 }
        case .invoiceOverdue:
            return invoice.merging(["outstanding": "1234.56", "days_overdue": "14", "reminder_offset_days": "14"]) { $1 }
        case .subscriptionEnding:
            return [
                "setup_id": "0193b0f2-7c1e-7000-8000-000000000003", "party_id": "0193b0f2-7c1e-7000-8000-000000000002",
                "party_name": "Globex Corporation", "description": "Support contract", "ends_on": "2027-01-05",
                "days_before": "30",
            ]
        case .budgetThreshold:
            return [
                "budget_id": "0193b0f2-7c1e-7000-8000-000000000004", "budget_name": "Operations 2026", "line_no": "1",
                "account_code": "6130", "account_name": "Rent", "threshold_percent": "80", "fiscal_year": "2026",
                "actual": "9600.00", "budget": "12000.00", "currency": "EUR",
            ]
        case .taskDue:
            return [
                "task_id": "0193b0f2-7c1e-7000-8000-000000000005", "title": "Renew the office lease",
                "due_date": "2026-12-07", "days_before": "1", "assignee": "ops@initiative.test",
            ]
        case .webhookDisabled:
            return [
                "endpoint_id": "0193b0f2-7c1e-7000-8000-000000000006", "url": "https://hooks.example.com/recur",
                "failing_since": "2026-12-03T09:15:00+00:00",
            ]
        case .userInvitation:
            return [
                "user_id": "7", "email": "claire@initiative.test", "name": "Claire Martin", "role": "accountant",
                "expires_on": "2026-12-13",
                "accept_url": "https://recur.example.com/app/invitations/accept?tenant=initiative&token=0123456789abcdef",
            ]
        case .passwordReset:
            return [
                "user_id": "7", "email": "claire@initiative.test", "valid_minutes": "30",
                "reset_url": "https://recur.example.com/app/password-resets/accept?tenant=initiative&token=0123456789abcdef",
            ]
        }
    }
}
