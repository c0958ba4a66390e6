-- Issue 23: e-mails written at send time from per-tenant, per-language Mustache templates (docs/delivery.md,
-- "Templates"); a party's language and the addresses its invoices and reminders are copied to.

-- The language a customer's e-mails are written in; NULL: the tenant's documents locale.
ALTER TABLE parties
    ADD COLUMN language text CONSTRAINT parties_language_check CHECK (language IN ('en', 'fr')),
    ADD COLUMN billing_cc text[] NOT NULL DEFAULT '{}'
        CONSTRAINT parties_billing_cc_check CHECK (cardinality(billing_cc) <= 10);

-- A tenant's replacement of the default template of one notification kind in one language; no row: the default.
-- The API checks each template (compiles, renders the sample notification) before it is stored.
CREATE TABLE email_templates (
    kind text NOT NULL,
    language text NOT NULL CHECK (language IN ('en', 'fr')),
    subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    text_body text NOT NULL CHECK (length(text_body) BETWEEN 1 AND 65536),
    html_body text NOT NULL CHECK (length(html_body) BETWEEN 1 AND 65536),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, language)
);
