import Postgres

/// The bank accounts', imports' and lines' SQL.
enum BankingStatements {
    static let accountColumns = """
        id, name, ledger_account_id, iban, bic, account_number, currency, csv_mapping::text AS csv_mapping,
        auto_reconcile_min_score, archived_at, created_at, updated_at
        """

    static let insertAccount = PostgresStatement(
        "banking_account_insert",
        """
        INSERT INTO bank_accounts (name, ledger_account_id, iban, bic, account_number, currency, csv_mapping, auto_reconcile_min_score)
        VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING \(accountColumns)
        """)

    static let updateAccount = PostgresStatement(
        "banking_account_update",
        """
        UPDATE bank_accounts SET name = $2, ledger_account_id = $3, iban = $4, bic = $5, account_number = $6,
               currency = $7, csv_mapping = $8::jsonb, auto_reconcile_min_score = $9, updated_at = now()
        WHERE id = $1 RETURNING \(accountColumns)
        """)

    static let archiveAccount = PostgresStatement(
        "banking_account_archive",
        """
        UPDATE bank_accounts SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END, updated_at = now()
        WHERE id = $1 RETURNING \(accountColumns)
        """)

    static let accountByID = PostgresStatement("banking_account_by_id", "SELECT \(accountColumns) FROM bank_accounts WHERE id = $1")

    /// `FOR NO KEY UPDATE`: an import or an auto-reconcile run at a time per account, while the lines' references
    /// check (`FOR KEY SHARE`) in auto-reconcile's other connections goes on.
    static let lockAccount = PostgresStatement(
        "banking_account_lock", "SELECT \(accountColumns) FROM bank_accounts WHERE id = $1 FOR NO KEY UPDATE")

    /// $1 include archived, $2/$3 cursor, $4 limit.
    static let listAccounts = PostgresStatement(
        "banking_account_list",
        """
        SELECT \(accountColumns), created_at::text AS cursor_at FROM bank_accounts
        WHERE ($1 OR archived_at IS NULL)
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4
        """)

    /// Whether another bank account (not $2) is tied to ledger account $1, and whether a movement changes currency.
    static let ledgerAccountTaken = PostgresStatement(
        "banking_ledger_account_taken",
        "SELECT EXISTS (SELECT 1 FROM bank_accounts WHERE ledger_account_id = $1 AND id IS DISTINCT FROM $2) AS taken")

    static let hasLines = PostgresStatement(
        "banking_account_has_lines", "SELECT EXISTS (SELECT 1 FROM bank_lines WHERE bank_account_id = $1) AS used")

    static let insertImport = PostgresStatement(
        "banking_import_insert",
        """
        INSERT INTO bank_statement_imports (id, bank_account_id, format, statements, lines_added, lines_skipped, closing_balance, closing_date)
        VALUES ($1, $2, $3, $4, 0, 0, $5, $6)
        """)

    static let finishImport = PostgresStatement(
        "banking_import_finish",
        """
        UPDATE bank_statement_imports SET lines_added = $2, lines_skipped = $3 WHERE id = $1
        RETURNING id, bank_account_id, format, statements, lines_added, lines_skipped, closing_balance, created_at
        """)

    /// Which of identities $2 account $1 already has (an index lookup each, before anything is inserted).
    static let knownIdentities = PostgresStatement(
        "banking_lines_known_identities",
        "SELECT bank_identity FROM bank_lines WHERE bank_account_id = $1 AND bank_identity = ANY($2::text[])")

    /// The new lines of one import, by `COPY … FROM STDIN` (``BankLineRepository``'s `copyLines`): the caller sends only
    /// identities the account does not have, each once, and holds the account's lock (no other import adds one
    /// meanwhile), so no `ON CONFLICT` (its speculative insertion) is needed. Not an anti-join in an insert either:
    /// planned for an empty table, that became a scan of the table per row, of the rows being inserted too (quadratic).
    static let copyLines = """
        COPY bank_lines (bank_account_id, import_id, bank_identity, booking_date, value_date, amount, currency, description,
                         reference, counterparty_name, counterparty_iban, is_reversal) FROM STDIN
        """

    static let lineColumns = """
        id, bank_account_id, import_id, bank_identity, booking_date, value_date, amount, currency, description, reference,
        counterparty_name, counterparty_iban, is_reversal, payment_id, entry_id, expense_id, reconciled_at
        """

    /// $1 account, $2 only unreconciled, $3/$4 cursor (booking date, id), $5 limit: newest booking first.
    static let listLines = PostgresStatement(
        "banking_lines_list",
        """
        SELECT \(lineColumns), booking_date::text AS cursor_at FROM bank_lines
        WHERE bank_account_id = $1 AND (NOT $2 OR reconciled_at IS NULL)
          AND ($3::text IS NULL OR (booking_date, id) < ($3::date, $4::uuid))
        ORDER BY booking_date DESC, id DESC LIMIT $5
        """)

    static let lineByID = PostgresStatement("banking_line_by_id", "SELECT \(lineColumns) FROM bank_lines WHERE id = $1")

    static let lockLine = PostgresStatement("banking_line_lock", "SELECT \(lineColumns) FROM bank_lines WHERE id = $1 FOR UPDATE")

    static let markReconciled = PostgresStatement(
        "banking_line_reconcile",
        "UPDATE bank_lines SET payment_id = $2, entry_id = $3, expense_id = $4, reconciled_at = now() WHERE id = $1")

    static let markUnreconciled = PostgresStatement(
        "banking_line_unreconcile",
        "UPDATE bank_lines SET payment_id = NULL, entry_id = NULL, expense_id = NULL, reconciled_at = NULL WHERE id = $1")

    /// Open customer invoices in currency $1 with what is left to pay, and the IBANs their party paid from before
    /// (reconciled lines), at most $2, earliest due first.
    static let openInvoices = PostgresStatement(
        "banking_open_invoices",
        """
        WITH known AS (
            SELECT pm.party_id, string_agg(DISTINCT l.counterparty_iban, ',') AS ibans
            FROM bank_lines l JOIN payments pm ON pm.id = l.payment_id
            WHERE l.counterparty_iban IS NOT NULL GROUP BY pm.party_id)
        SELECT i.id, i.number, i.party_id, p.name AS party_name, i.total - i.amount_paid - i.credit_applied AS outstanding,
               i.invoice_date, i.due_date, k.ibans
        FROM invoices i JOIN parties p ON p.id = i.party_id LEFT JOIN known k ON k.party_id = i.party_id
        WHERE i.status IN ('issued', 'partiallyPaid') AND i.currency = $1 AND i.number IS NOT NULL
        ORDER BY i.due_date NULLS LAST, i.id LIMIT $2
        """)

    /// Unpaid expenses (not reversed) in currency $1 with their vendor, at most $2, earliest first.
    static let unpaidExpenses = PostgresStatement(
        "banking_unpaid_expenses",
        """
        SELECT e.id, e.reference, e.vendor_id, p.name AS vendor_name, e.amount, e.expense_date
        FROM expenses e JOIN parties p ON p.id = e.vendor_id
        WHERE e.paid_on IS NULL AND e.reversed_on IS NULL AND e.currency = $1
        ORDER BY e.expense_date, e.id LIMIT $2
        """)

    /// The party of each invoice (to record one payment per line, all its invoices must be one party's).
    static let invoiceParties = PostgresStatement(
        "banking_invoice_parties", "SELECT id, party_id FROM invoices WHERE id = ANY($1::uuid[])")

    static let ruleColumns = "id, bank_account_id, description_contains, account_id, memo, party_id, created_at"

    static let insertRule = PostgresStatement(
        "banking_rule_insert",
        "INSERT INTO bank_rules (bank_account_id, description_contains, account_id, memo, party_id) VALUES ($1, $2, $3, $4, $5) RETURNING \(ruleColumns)")

    static let deleteRule = PostgresStatement("banking_rule_delete", "DELETE FROM bank_rules WHERE id = $1")

    /// $1 bank account or NULL (all rules), at most $2, oldest first (the order they are tried in).
    static let listRules = PostgresStatement(
        "banking_rule_list",
        """
        SELECT \(ruleColumns) FROM bank_rules WHERE $1::uuid IS NULL OR bank_account_id IS NULL OR bank_account_id = $1
        ORDER BY created_at, id LIMIT $2
        """)

    /// The oldest $2 unreconciled lines of account $1.
    static let unreconciledLines = PostgresStatement(
        "banking_lines_unreconciled",
        "SELECT \(lineColumns) FROM bank_lines WHERE bank_account_id = $1 AND reconciled_at IS NULL ORDER BY booking_date, id LIMIT $2")

    /// Which of lines $1 are still unreconciled, locked in id order (auto-reconcile, chunk by chunk).
    static let lockLinesIfUnreconciled = PostgresStatement(
        "banking_lines_lock_unreconciled",
        "SELECT id FROM bank_lines WHERE id = ANY($1::uuid[]) AND reconciled_at IS NULL ORDER BY id FOR UPDATE")

    /// Invoices $1 locked in id order (as a payment locks them), with what is left to pay, the party's currency and
    /// the account each debited when issued (else the party's control account).
    static let lockInvoicesForPayment = PostgresStatement(
        "banking_invoices_lock_for_payment",
        """
        SELECT i.id, i.party_id, i.status, i.currency, i.total - i.amount_paid - i.credit_applied AS outstanding,
               p.currency AS party_currency, p.control_account_id,
               (SELECT l.account_id FROM journal_lines l
                WHERE l.entry_id = i.issue_entry_id AND l.debit > 0 ORDER BY l.line_no LIMIT 1) AS receivable_account_id
        FROM invoices i JOIN parties p ON p.id = i.party_id WHERE i.id = ANY($1::uuid[])
        ORDER BY i.id
        FOR UPDATE OF i
        """)

    /// Many journal entries (currency $1; ids, dates, memos, source types and ids $2–$6) and their lines ($7–$15)
    /// in one statement; the ledger's statement triggers check that each has lines and balances.
    static let postEntries = PostgresStatement(
        "banking_entries_post",
        """
        WITH entries AS (
            INSERT INTO journal_entries (id, entry_date, currency, memo, source_type, source_id)
            SELECT e.id, e.entry_date, $1, e.memo, e.source_type, e.source_id
            FROM unnest($2::uuid[], $3::date[], $4::text[], $5::text[], $6::uuid[]) AS e(id, entry_date, memo, source_type, source_id)
        )
        INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id)
        SELECT l.entry_id, l.line_no, l.account_id, l.debit, l.credit, l.party_id, l.memo, l.document_type, l.document_id
        FROM unnest($7::uuid[], $8::integer[], $9::uuid[], $10::numeric[], $11::numeric[], $12::uuid[], $13::text[],
                    $14::text[], $15::uuid[]) AS l(entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id)
        """)

    /// Payments in currency $1 by method $2 to ledger account $3: ids, parties, dates, amounts, references, entries
    /// and the first and last of each one's lines in its (shared) entry, whose line 1 is the bank's.
    static let insertPayments = PostgresStatement(
        "banking_payments_insert",
        """
        INSERT INTO payments (id, party_id, payment_date, amount, currency, method, reference, bank_account_id, entry_id,
                              entry_first_line, entry_last_line, entry_bank_line)
        SELECT p.id, p.party_id, p.payment_date, p.amount, $1, $2, p.reference, $3, p.entry_id, p.first_line, p.last_line, 1
        FROM unnest($4::uuid[], $5::uuid[], $6::date[], $7::numeric[], $8::text[], $9::uuid[], $10::integer[], $11::integer[])
            AS p(id, party_id, payment_date, amount, reference, entry_id, first_line, last_line)
        """)

    static let insertManyAllocations = PostgresStatement(
        "banking_payment_allocations_insert",
        """
        INSERT INTO payment_allocations (payment_id, invoice_id, amount)
        SELECT a.payment_id, a.invoice_id, a.amount FROM unnest($1::uuid[], $2::uuid[], $3::numeric[]) AS a(payment_id, invoice_id, amount)
        """)

    /// Lines $1 reconciled to payments $2 or entries $3.
    static let markManyReconciled = PostgresStatement(
        "banking_lines_reconcile_many",
        """
        UPDATE bank_lines b SET payment_id = m.payment_id, entry_id = m.entry_id, reconciled_at = now()
        FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS m(id, payment_id, entry_id)
        WHERE b.id = m.id
        """)

    /// The register of bank account $1 (ledger account $2, currency $3): the last stated closing balance, the
    /// ledger account's balance in that currency, and the lines' totals.
    static let register = PostgresStatement(
        "banking_register",
        """
        WITH last AS (
            SELECT closing_balance, closing_date FROM bank_statement_imports
            WHERE bank_account_id = $1 AND closing_balance IS NOT NULL
            ORDER BY closing_date DESC NULLS LAST, created_at DESC LIMIT 1)
        SELECT (SELECT closing_balance FROM last) AS statement_balance, (SELECT closing_date FROM last) AS statement_date,
               (SELECT coalesce(sum(l.debit - l.credit), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                WHERE l.account_id = $2 AND e.currency = $3) AS ledger_balance,
               coalesce(sum(b.amount), 0) AS lines_total, count(b.id) AS lines,
               coalesce(sum(b.amount) FILTER (WHERE b.reconciled_at IS NULL), 0) AS unreconciled_total,
               count(b.id) FILTER (WHERE b.reconciled_at IS NULL) AS unreconciled
        FROM bank_lines b WHERE b.bank_account_id = $1
        """)
}
