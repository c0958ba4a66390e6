import Postgres

/// The journal's SQL. Entries and their lines go in with one statement each, set-based over arrays.
enum JournalStatements {
    /// $1 date, $2 currency, $3 memo, $4 source type, $5 source id, $6 reverses entry id, then the lines as
    /// parallel arrays: $7 account ids, $8 debits, $9 credits, $10 party ids, $11 memos, $12 document types,
    /// $13 document ids, $14 campaigns.
    static let post = PostgresStatement(
        "ledger_journal_post",
        """
        WITH entry AS (
            INSERT INTO journal_entries (entry_date, currency, memo, source_type, source_id, reverses_entry_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING id
        )
        INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id,
                                   campaign)
        SELECT entry.id, l.line_no, l.account_id, l.debit, l.credit, l.party_id, l.memo, l.document_type, l.document_id,
               l.campaign
        FROM entry, unnest($7::uuid[], $8::numeric[], $9::numeric[], $10::uuid[], $11::text[], $12::text[], $13::uuid[],
                           $14::text[])
            WITH ORDINALITY AS l(account_id, debit, credit, party_id, memo, document_type, document_id, campaign, line_no)
        RETURNING entry_id
        """)

    /// $1 entry to reverse, $2 date, $3 memo, $4 source type, $5 source id: the same lines (with their budget
    /// dimensions), sides swapped.
    static let reverse = PostgresStatement(
        "ledger_journal_reverse",
        """
        WITH original AS (
            SELECT id, currency FROM journal_entries WHERE id = $1
        ), entry AS (
            INSERT INTO journal_entries (entry_date, currency, memo, source_type, source_id, reverses_entry_id)
            SELECT $2, original.currency, $3, $4, $5, original.id FROM original
            RETURNING id
        )
        INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id,
                                   department, project, campaign)
        SELECT entry.id, l.line_no, l.account_id, l.credit, l.debit, l.party_id, l.memo, l.document_type, l.document_id,
               l.department, l.project, l.campaign
        FROM entry JOIN journal_lines l ON l.entry_id = $1
        RETURNING entry_id
        """)

    /// $1 entry, $2 date, $3 memo, $4 source type, $5 source id, $6…$7 the first and last line numbers to reverse: a
    /// new entry with those lines (with their budget dimensions), sides swapped. Part of an entry shared by several
    /// payments (sql/tenant/0050, 0051); it names no `reverses_entry_id` (that is for a whole entry). $8, the entry's
    /// line that balances them (NULL: they balance by themselves): line 1 of the new entry is on that line's account
    /// and party for their net, on the other side (a shared deposit's bank line, reduced by one payment), and the
    /// reversed lines follow it.
    static let reverseLines = PostgresStatement(
        "ledger_journal_reverse_lines",
        """
        WITH original AS (
            SELECT id, currency FROM journal_entries WHERE id = $1
        ), entry AS (
            INSERT INTO journal_entries (entry_date, currency, memo, source_type, source_id)
            SELECT $2, original.currency, $3, $4, $5 FROM original
            RETURNING id
        ), own AS (
            SELECT * FROM journal_lines WHERE entry_id = $1 AND line_no BETWEEN $6::integer AND $7::integer
        )
        INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id,
                                   department, project, campaign)
        SELECT entry.id, l.line_no - $6::integer + CASE WHEN $8::integer IS NULL THEN 1 ELSE 2 END, l.account_id, l.credit,
               l.debit, l.party_id, l.memo, l.document_type, l.document_id, l.department, l.project, l.campaign
        FROM entry CROSS JOIN own l
        UNION ALL
        SELECT entry.id, 1, b.account_id, greatest(-n.net, 0), greatest(n.net, 0), b.party_id, b.memo, b.document_type,
               b.document_id, b.department, b.project, b.campaign
        FROM entry JOIN journal_lines b ON b.entry_id = $1 AND b.line_no = $8::integer
        CROSS JOIN (SELECT sum(credit - debit) AS net FROM own) n
        RETURNING entry_id
        """)

    /// Entries with their lines, one row a line (decoded by `JournalRepository`); a statement adds its `WHERE` and
    /// `ORDER BY`.
    static let entriesWithLines = """
        SELECT e.id, e.entry_number, e.entry_date, e.currency, e.memo, e.source_type, e.source_id,
               e.reverses_entry_id, e.created_at,
               l.line_no, l.account_id, l.debit, l.credit, l.party_id, l.memo AS line_memo, l.document_type,
               l.document_id
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        """

    static let entry = PostgresStatement(
        "ledger_journal_entry",
        """
        \(entriesWithLines)
        WHERE e.id = $1
        ORDER BY l.line_no
        """)

    static let entriesForSource = PostgresStatement(
        "ledger_journal_entries_for_source",
        "SELECT id FROM journal_entries WHERE source_type = $1 AND source_id = $2 ORDER BY entry_number")

    static let totals = PostgresStatement(
        "ledger_journal_totals",
        "SELECT coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit FROM journal_lines")
}
