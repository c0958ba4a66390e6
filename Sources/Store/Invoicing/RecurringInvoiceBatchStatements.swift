import Domain
import Foundation
import Postgres

/// The batch path's SQL: fixed text; tables are the tenant's own (the transaction's search_path).
enum RecurringInvoiceBatchStatements {
    /// $1 how many numbers, $2 the latest invoice date of the block: the block's first number, the pattern and the
    /// issue instant.
    static let reserveNumbers = PostgresStatement(
        "invoicing_numbering_reserve",
        """
        UPDATE invoice_numbering SET next_value = next_value + $1, last_invoice_date = $2::date, updated_at = now()
        RETURNING next_value - $1 AS first_sequence_number, prefix, pattern, now()::text AS issued_at
        """)

    /// Entries ($1 id, $2 date, $3 currency, $4 memo, $5 source invoice) and their lines ($6 entry, $7 line
    /// number, $8 account, $9 debit, $10 credit, $11 party, $12 memo, $13 invoice, $14 campaign), one array element
    /// per row.
    static let insertEntries = PostgresStatement(
        "invoicing_batch_insert_entries",
        """
        WITH entries AS (
            INSERT INTO journal_entries (id, entry_date, currency, memo, source_type, source_id)
            SELECT e.id, e.entry_date, e.currency, e.memo, 'invoice', e.source_id
              FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::uuid[])
                   AS e(id, entry_date, currency, memo, source_id)
        )
        INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id,
                                   campaign)
        SELECT l.entry_id, l.line_no, l.account_id, l.debit, l.credit, l.party_id, l.memo, 'invoice', l.document_id,
               l.campaign
          FROM unnest($6::uuid[], $7::integer[], $8::uuid[], $9::numeric[], $10::numeric[], $11::uuid[], $12::text[],
                      $13::uuid[], $14::text[])
               AS l(entry_id, line_no, account_id, debit, credit, party_id, memo, document_id, campaign)
        """)
    static let copyInvoiceLines = """
        COPY invoice_lines (invoice_id, line_no, item_id, description, quantity, unit_price, discount_kind, discount_value,
                            tax_rate, income_account_id, gross_amount, discount_amount, net_amount, tax_amount,
                            tax_code_id, campaign) FROM STDIN
        """
    static let copyInvoices = """
        COPY invoices (id, party_id, currency, sequence_number, number, invoice_date, due_date, payment_terms_days,
                       statement_reference, discount_kind, discount_value, subtotal, discount_total, tax_total, total,
                       recurring_setup_id, issue_entry_id, issued_at, status, occurrence_date, occurrence_index,
                       occurrence_due_date, period_start, period_end, prices_include_tax) FROM STDIN
        """
    /// The unique keys that keep each occurrence of a setup to one invoice.
    static let occurrenceKeys: Set<String> = ["invoices_recurring_occurrence", "invoices_recurring_occurrence_index"]

    /// $1 setups, $2 last posted index (NULL: none posted now), $3 its date, $4 whether to store $5 next posting
    /// date (NULL: never) and $6 schedule end.
    static let moveCursors = PostgresStatement(
        "invoicing_setups_move_cursors",
        """
        UPDATE recurring_invoice_setups s
        SET last_posted_index = greatest(s.last_posted_index, u.last_index),
            last_posted_date = greatest(s.last_posted_date, u.last_date),
            next_posting_date = CASE WHEN u.set_next THEN coalesce(u.next_date, 'infinity'::date)
                                     ELSE s.next_posting_date END,
            schedule_ends_on = CASE WHEN u.set_next THEN u.ends_on ELSE s.schedule_ends_on END,
            updated_at = CASE WHEN u.last_index IS NULL THEN s.updated_at ELSE now() END
        FROM unnest($1::uuid[], $2::integer[], $3::date[], $4::boolean[], $5::date[], $6::date[])
             AS u(id, last_index, last_date, set_next, next_date, ends_on)
        WHERE s.id = u.id
        """)
}
