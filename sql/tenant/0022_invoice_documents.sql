-- Issue 22: invoice documents. A party carries what a document and an e-invoice print about the buyer; an issued
-- invoice's documents are rendered once and kept, byte for byte, with their SHA-256 (docs/documents.md): the SHA-256
-- of its PDF is what the invoice was sent as.

ALTER TABLE parties
    ADD COLUMN billing_address jsonb
        CONSTRAINT parties_billing_address_object CHECK (jsonb_typeof(billing_address) = 'object'),
    ADD COLUMN vat_id text CONSTRAINT parties_vat_id_check CHECK (vat_id ~ '^[A-Z]{2}[A-Z0-9+*.]{2,13}$'),
    ADD COLUMN registration_id text
        CONSTRAINT parties_registration_id_check CHECK (length(registration_id) BETWEEN 1 AND 50),
    ADD COLUMN buyer_reference text
        CONSTRAINT parties_buyer_reference_check CHECK (length(buyer_reference) BETWEEN 1 AND 100);

-- The first rendering of an issued invoice, never changed afterwards: `pdf` (PDF/A-3, with factur-x.xml when the
-- tenant sends e-invoices), `html`, `cii` (the Factur-X XML alone).
CREATE TABLE invoice_documents (
    invoice_id uuid NOT NULL REFERENCES invoices (id),
    format text NOT NULL CHECK (format IN ('pdf', 'html', 'cii')),
    body bytea NOT NULL,
    sha256 bytea NOT NULL GENERATED ALWAYS AS (sha256(body)) STORED,
    renderer text NOT NULL CHECK (length(renderer) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (invoice_id, format)
);

CREATE FUNCTION invoice_documents_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'an issued invoice''s documents never change'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoice_documents_immutable', TABLE = 'invoice_documents';
END
$$;

CREATE TRIGGER invoice_documents_immutable BEFORE UPDATE OR DELETE ON invoice_documents
    FOR EACH ROW EXECUTE FUNCTION invoice_documents_immutable();
