import Postgres

/// The SQL of a sequence's counter row. The invoices' and the credit notes' differ only by their table, the column
/// holding the date of the last number and what the lock reads besides; all names are fixed text of this codebase.
extension InvoiceNumbering.Sequence {
    private var statementPrefix: String { self == .invoices ? "invoicing_numbering" : "credit_notes_numbering" }
    private var table: String { self == .invoices ? "invoice_numbering" : "credit_note_numbering" }
    /// The column of the last number's date, as ``lock`` returns it.
    var lastDateColumn: String { self == .invoices ? "last_invoice_date" : "last_credit_date" }

    /// `prefix, pattern, next_value`.
    var read: PostgresStatement { PostgresStatement(statementPrefix, "SELECT prefix, pattern, next_value FROM \(table)") }

    /// $1 prefix, $2 pattern; returns `prefix, pattern, next_value`.
    var update: PostgresStatement {
        PostgresStatement(
            "\(statementPrefix)_update",
            "UPDATE \(table) SET prefix = $1, pattern = $2, updated_at = now() RETURNING prefix, pattern, next_value")
    }

    /// $1 the document's date (never before the last one's: the table's `…_chronological` check); returns
    /// `sequence_number, prefix, pattern`.
    var next: PostgresStatement {
        PostgresStatement(
            "\(statementPrefix)_next",
            """
            UPDATE \(table) SET next_value = next_value + 1, \(lastDateColumn) = $1::date, updated_at = now()
            RETURNING next_value - 1 AS sequence_number, prefix, pattern
            """)
    }

    /// The counter row locked for the issuing transaction (held to COMMIT), with the date of the last number and the
    /// lock date (locked shared): what the next document may be dated. Invoices also read the tenant's catch-up
    /// dating (`invoicing.catch_up_dating`).
    var lock: PostgresStatement {
        let catchUp = """
            ,
                   (SELECT s.value #>> '{}' FROM tenant_settings s WHERE s.key = 'invoicing.catch_up_dating') AS catch_up
            """
        return PostgresStatement(
            "\(statementPrefix)_lock",
            """
            SELECT n.\(lastDateColumn), l.lock_date\(self == .invoices ? catchUp : "")
            FROM \(table) n CROSS JOIN ledger_lock l
            FOR UPDATE OF n FOR SHARE OF l
            """)
    }
}
