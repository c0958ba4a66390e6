-- Issue 24: credit note documents. A credit note's documents are rendered once, when it is issued (or on the first
-- download), and kept byte for byte with their SHA-256, as an issued invoice's are (0022, docs/documents.md): the
-- same formats, the same never-changed rule. A table of their own mirrors invoice_documents, so that each keeps a
-- plain foreign key to what it documents.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE credit_note_documents (
    credit_note_id uuid NOT NULL REFERENCES credit_notes (id),
    format text NOT NULL CHECK (format IN ('pdf', 'html', 'cii')),
    body bytea NOT NULL,
    sha256 bytea NOT NULL GENERATED ALWAYS AS (sha256(body)) STORED,
    renderer text NOT NULL CHECK (length(renderer) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (credit_note_id, format)
);

CREATE FUNCTION credit_note_documents_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a credit note''s documents never change'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_note_documents_immutable',
              TABLE = 'credit_note_documents';
END
$$;

CREATE TRIGGER credit_note_documents_immutable BEFORE UPDATE OR DELETE ON credit_note_documents
    FOR EACH ROW EXECUTE FUNCTION credit_note_documents_immutable();
