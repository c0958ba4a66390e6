import Postgres

/// The SQL of a gapless number sequence's counter row (``InvoiceNumbering``). The invoices' and the credit notes'
/// differ only by their table, the column holding the date of the last number and what the lock reads besides.
struct NumberingStatements: Sendable {
    /// `prefix, pattern, next_value`.
    let read: PostgresStatement
    /// $1 prefix, $2 pattern; returns `prefix, pattern, next_value`.
    let update: PostgresStatement
    /// $1 the document's date (never before the last one's: the table's `…_chronological` check); returns
    /// `sequence_number, prefix, pattern`.
    let next: PostgresStatement
    /// The counter row locked for the issuing transaction (held to COMMIT), with the date of the last number and the
    /// lock date (locked shared): what the next document may be dated.
    let lock: PostgresStatement
    /// The column of the last number's date, as ``lock`` returns it.
    let lastDateColumn: String

    /// All names are fixed text of this codebase (never input); `lockAlso` is more of the lock's select list.
    private init(prefix: String, table: String, lastDate: String, lockAlso: String = "") {
        read = PostgresStatement(prefix, "SELECT prefix, pattern, next_value FROM \(table)")
        update = PostgresStatement(
            "\(prefix)_update",
            "UPDATE \(table) SET prefix = $1, pattern = $2, updated_at = now() RETURNING prefix, pattern, next_value")
        next = PostgresStatement(
            "\(prefix)_next",
            """
            UPDATE \(table) SET next_value = next_value + 1, \(lastDate) = $1::date, updated_at = now()
            RETURNING next_value - 1 AS sequence_number, prefix, pattern
            """)
        lock = PostgresStatement(
            "\(prefix)_lock",
            """
            SELECT n.\(lastDate), l.lock_date\(lockAlso)
            FROM \(table) n CROSS JOIN ledger_lock l
            FOR UPDATE OF n FOR SHARE OF l
            """)
        lastDateColumn = lastDate
    }

    /// Invoices (manual and generated alike); the lock also reads the tenant's catch-up dating
    /// (`invoicing.catch_up_dating`).
    static let invoices = NumberingStatements(
        prefix: "invoicing_numbering", table: "invoice_numbering", lastDate: "last_invoice_date",
        lockAlso: ",\n       (SELECT s.value #>> '{}' FROM tenant_settings s WHERE s.key = 'invoicing.catch_up_dating') AS catch_up")

    static let creditNotes = NumberingStatements(
        prefix: "credit_notes_numbering", table: "credit_note_numbering", lastDate: "last_credit_date")
}
