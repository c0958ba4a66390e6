import Domain

extension DefaultEmailTemplates {
    /// The French wording of every kind (French typography: a no-break space before `:` and inside « »).
    static func french(_ kind: NotificationKind) -> EmailWording {
        let words = DocumentLocaleWords.fr
        let customer = EmailWording.greeting(words)
        switch kind {
        case .invoiceIssued:
            return EmailWording(
                subject: "Facture {{number}} de {{sender_name}}", heading: "Facture {{number}}", greeting: customer,
                paragraphs: [
                    "Veuillez trouver ci-joint la facture {{number}} du {{invoice_date}}, d’un montant de {{total}}, "
                        + "payable au plus tard le {{due_date}}."
                ],
                facts: [
                    ("Numéro de facture", "number"), ("Date de facture", "invoice_date"), ("Montant dû", "total"),
                    ("Échéance", "due_date"), ("Référence", "statement_reference"),
                ],
                closing: "Pour toute question concernant cette facture, il vous suffit de répondre à ce message.",
                signOff: words.signOff, footer: words.footer)
        case .invoiceOverdue:
            return EmailWording(
                subject: "Relance\u{00A0}: facture {{number}} échue", heading: "Rappel de paiement", greeting: customer,
                paragraphs: [
                    "Sauf erreur de notre part, la facture {{number}} du {{invoice_date}}, échue le {{due_date}}, "
                        + "présente un solde impayé de {{outstanding}}.",
                    "Si vous avez déjà procédé au règlement, nous vous prions de ne pas tenir compte de ce message. "
                        + "Dans le cas contraire, nous vous remercions de bien vouloir le régulariser dans les "
                        + "meilleurs délais.",
                ],
                facts: [
                    ("Numéro de facture", "number"), ("Échéance", "due_date"), ("Jours de retard", "days_overdue"),
                    ("Solde dû", "outstanding"),
                ],
                closing: "Pour toute question, il vous suffit de répondre à ce message.", signOff: words.signOff,
                footer: words.footer)
        case .subscriptionEnding:
            return EmailWording(
                subject: "Votre abonnement prend fin le {{ends_on}}", heading: "Votre abonnement arrive à échéance",
                greeting: customer,
                paragraphs: ["Votre abonnement «\u{00A0}{{description}}\u{00A0}» prend fin le {{ends_on}}."],
                facts: [("Abonnement", "description"), ("Date de fin", "ends_on")],
                closing: "Pour le renouveler ou étudier d’autres options, répondez simplement à ce message.",
                signOff: words.signOff, footer: words.footer)
        case .budgetThreshold:
            return EmailWording(
                subject: "Alerte budgétaire\u{00A0}: {{budget_name}}, compte {{account_code}} à {{threshold_percent}}",
                heading: "Seuil budgétaire atteint", greeting: "\(words.hello),",
                paragraphs: [
                    "Les dépenses du compte {{account_code}} {{account_name}} ont atteint {{threshold_percent}} du "
                        + "budget «\u{00A0}{{budget_name}}\u{00A0}» (exercice {{fiscal_year}})."
                ],
                facts: [
                    ("Budget", "budget_name"), ("Compte", "account_code"), ("Réalisé", "actual"),
                    ("Budgété", "budget"), ("Seuil", "threshold_percent"),
                ],
                closing: nil, signOff: words.signOff, footer: words.footer)
        case .taskDue:
            return EmailWording(
                subject: "{{#due_today}}Tâche à échéance aujourd’hui{{/due_today}}{{^due_today}}Tâche à échéance le {{due_date}}{{/due_today}}\u{00A0}: {{title}}",
                heading: "Rappel de tâche", greeting: "\(words.hello),",
                paragraphs: [
                    "La tâche «\u{00A0}{{title}}\u{00A0}» arrive à échéance {{#due_today}}aujourd’hui{{/due_today}}{{^due_today}}le {{due_date}}{{/due_today}}."
                ],
                facts: [("Tâche", "title"), ("Échéance", "due_date"), ("Assignée à", "assignee")],
                closing: nil, signOff: words.signOff, footer: words.footer)
        case .webhookDisabled:
            return EmailWording(
                subject: "Webhook désactivé\u{00A0}: {{url}}", heading: "Webhook désactivé", greeting: "\(words.hello),",
                paragraphs: [
                    "Les envois vers {{url}} échouent sans interruption depuis le {{failing_since}}\u{00A0}: le point "
                        + "de terminaison a été désactivé.",
                    "Ses événements sont conservés et lui seront transmis dès qu’il sera réactivé.",
                ],
                facts: [("Point de terminaison", "url"), ("En échec depuis le", "failing_since")],
                closing: nil, signOff: words.signOff, footer: words.footer)
        case .userInvitation:
            return EmailWording(
                subject: "{{sender_name}} vous invite sur Recur",
                heading: "Vous êtes invité", greeting: "{{#name}}\(words.hello) {{name}},{{/name}}{{^name}}\(words.hello),{{/name}}",
                paragraphs: [
                    "{{sender_name}} vous donne accès à sa comptabilité dans Recur avec le rôle {{role}}. Choisissez "
                        + "votre mot de passe avec le lien ci-dessous, puis connectez-vous avec votre adresse {{email}}.",
                    "Le lien fonctionne une fois, jusqu’au {{expires_on}}. Si vous n’attendiez pas cette invitation, "
                        + "ignorez ce message.",
                ],
                facts: [("Adresse e-mail", "email"), ("Rôle", "role"), ("Lien valable jusqu’au", "expires_on")],
                closing: nil, link: ("Choisir mon mot de passe", "accept_url"), signOff: words.signOff,
                footer: words.footer)
        case .passwordReset:
            return EmailWording(
                subject: "Réinitialisez votre mot de passe Recur", heading: "Réinitialisation du mot de passe",
                greeting: "\(words.hello),",
                paragraphs: [
                    "Une réinitialisation du mot de passe du compte {{email}} chez {{sender_name}} a été demandée. Pour "
                        + "choisir un nouveau mot de passe, suivez le lien ci-dessous dans les {{valid_minutes}} minutes\u{00A0}; "
                        + "il ne fonctionne qu’une fois.",
                    "Toutes vos sessions seront fermées. Si vous n’êtes pas à l’origine de cette demande, ignorez ce "
                        + "message\u{00A0}: votre mot de passe reste inchangé.",
                ],
                facts: [("Compte", "email")],
                closing: nil, link: ("Choisir un nouveau mot de passe", "reset_url"), signOff: words.signOff,
                footer: words.footer)
        }
    }
}
