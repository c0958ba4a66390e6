import Domain

extension DefaultEmailTemplates {
    /// The English wording of every kind.
    static func english(_ kind: NotificationKind) -> EmailWording {
        let words = DocumentLocaleWords.en
        let customer = EmailWording.greeting(words)
        switch kind {
        case .invoiceIssued:
            return EmailWording(
                subject: "Invoice {{number}} from {{sender_name}}", heading: "Invoice {{number}}", greeting: customer,
                paragraphs: [
                    "Please find attached invoice {{number}} dated {{invoice_date}} for {{total}}, due on {{due_date}}."
                ],
                facts: [
                    ("Invoice number", "number"), ("Invoice date", "invoice_date"), ("Amount due", "total"),
                    ("Due date", "due_date"), ("Reference", "statement_reference"),
                ],
                closing: "If you have any questions about this invoice, simply reply to this e-mail.",
                signOff: words.signOff, footer: words.footer)
        case .invoiceOverdue:
            return EmailWording(
                subject: "Reminder: invoice {{number}} is overdue", heading: "Payment reminder", greeting: customer,
                paragraphs: [
                    "Our records show that invoice {{number}} dated {{invoice_date}} was due on {{due_date}}, and "
                        + "{{outstanding}} remains outstanding.",
                    "If you have already paid, please disregard this reminder. Otherwise, we would be grateful if you "
                        + "could settle it at your earliest convenience.",
                ],
                facts: [
                    ("Invoice number", "number"), ("Due date", "due_date"), ("Days overdue", "days_overdue"),
                    ("Amount outstanding", "outstanding"),
                ],
                closing: "If you have any questions, simply reply to this e-mail.", signOff: words.signOff,
                footer: words.footer)
        case .subscriptionEnding:
            return EmailWording(
                subject: "Your subscription ends on {{ends_on}}", heading: "Your subscription is ending",
                greeting: customer,
                paragraphs: ["Your subscription “{{description}}” ends on {{ends_on}}."],
                facts: [("Subscription", "description"), ("End date", "ends_on")],
                closing: "To renew it or discuss your options, simply reply to this e-mail.", signOff: words.signOff,
                footer: words.footer)
        case .budgetThreshold:
            return EmailWording(
                subject: "Budget alert: {{budget_name}}, account {{account_code}} reached {{threshold_percent}}",
                heading: "Budget threshold reached", greeting: "\(words.hello),",
                paragraphs: [
                    "Spending on account {{account_code}} {{account_name}} has reached {{threshold_percent}} of its "
                        + "budget in “{{budget_name}}” (fiscal year {{fiscal_year}})."
                ],
                facts: [
                    ("Budget", "budget_name"), ("Account", "account_code"), ("Actual", "actual"),
                    ("Budgeted", "budget"), ("Threshold", "threshold_percent"),
                ],
                closing: nil, signOff: words.signOff, footer: words.footer)
        case .taskDue:
            return EmailWording(
                subject: "{{#due_today}}Task due today{{/due_today}}{{^due_today}}Task due on {{due_date}}{{/due_today}}: {{title}}",
                heading: "Task reminder", greeting: "\(words.hello),",
                paragraphs: [
                    "The task “{{title}}” is due {{#due_today}}today{{/due_today}}{{^due_today}}on {{due_date}}{{/due_today}}."
                ],
                facts: [("Task", "title"), ("Due date", "due_date"), ("Assigned to", "assignee")],
                closing: nil, signOff: words.signOff, footer: words.footer)
        case .webhookDisabled:
            return EmailWording(
                subject: "Webhook endpoint disabled: {{url}}", heading: "Webhook endpoint disabled",
                greeting: "\(words.hello),",
                paragraphs: [
                    "Deliveries to {{url}} have failed without interruption since {{failing_since}}, so the endpoint "
                        + "has been disabled.",
                    "Its events are kept: they will be delivered as soon as the endpoint is enabled again.",
                ],
                facts: [("Endpoint", "url"), ("Failing since", "failing_since")],
                closing: nil, signOff: words.signOff, footer: words.footer)
        case .userInvitation:
            return EmailWording(
                subject: "{{sender_name}} invites you to Recur",
                heading: "You are invited", greeting: "{{#name}}\(words.hello) {{name}},{{/name}}{{^name}}\(words.hello),{{/name}}",
                paragraphs: [
                    "{{sender_name}} has given you access to its books in Recur as {{role}}. Choose your password "
                        + "with the link below, then log in with your e-mail address {{email}}.",
                    "The link works once, until {{expires_on}}. If you were not expecting this invitation, ignore this e-mail.",
                ],
                facts: [("E-mail address", "email"), ("Role", "role"), ("Link valid until", "expires_on")],
                closing: nil, link: ("Choose my password", "accept_url"), signOff: words.signOff, footer: words.footer)
        case .passwordReset:
            return EmailWording(
                subject: "Reset your Recur password", heading: "Password reset", greeting: "\(words.hello),",
                paragraphs: [
                    "Someone asked to reset the password of the account {{email}} at {{sender_name}}. To choose a new "
                        + "password, follow the link below within {{valid_minutes}} minutes; it works once.",
                    "Your sessions will all be ended. If you did not ask for this, ignore this e-mail: your password "
                        + "stays as it is.",
                ],
                facts: [("Account", "email")],
                closing: nil, link: ("Choose a new password", "reset_url"), signOff: words.signOff, footer: words.footer)
        }
    }
}
