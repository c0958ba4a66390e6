/// The sets of accounts the cashflow and ageing reports read (docs/reports.md, "Which accounts"), as SQL
/// sub-selects of `id`s, spelled once for every statement that needs them.
enum ReportAccountSets {
    /// Bank accounts: the `bank` role, and every asset account a payment, an expense or a customer-credit refund
    /// named as its bank account. Each table's distinct bank accounts are read by a loose index scan
    /// (``distinct(_:_:)``, over the indexes of `0033_report_indexes.sql`): an `EXISTS` per asset account let the
    /// planner scan all 773,812 payments of the 1M-invoice benchmark for the receivable account (it expects every
    /// payment to match any account, since they all name one).
    static let bank = """
        SELECT a.id FROM accounts a
        WHERE a.type = 'asset' AND (a.role = 'bank'
            OR a.id IN (\(distinct("payments", "bank_account_id")))
            OR a.id IN (\(distinct("expenses", "bank_account_id")))
            OR a.id IN (\(distinct("customer_credit_uses", "bank_account_id"))))
        """

    /// The distinct non-null values of `column` in `table`, one index probe each (a recursive loose index scan).
    static func distinct(_ table: String, _ column: String) -> String {
        """
        WITH RECURSIVE v(id) AS (
                (SELECT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY \(column) LIMIT 1)
                UNION ALL
                SELECT (SELECT t.\(column) FROM \(table) t WHERE t.\(column) > v.id ORDER BY t.\(column) LIMIT 1)
                FROM v WHERE v.id IS NOT NULL
            ) SELECT id FROM v WHERE id IS NOT NULL
        """
    }

    /// Receivable control accounts: the `accountsReceivable` role and every customer's control account.
    static let receivable = """
        SELECT id FROM accounts WHERE role = 'accountsReceivable'
        UNION SELECT control_account_id FROM parties WHERE kind = 'customer'
        """

    /// Payable control accounts: the `accountsPayable` role and every vendor's control account (where an unpaid
    /// expense is credited).
    static let payable = """
        SELECT id FROM accounts WHERE role = 'accountsPayable'
        UNION SELECT control_account_id FROM parties WHERE kind = 'vendor'
        """

    /// Tax accounts: the `taxPayable` role and every tax code's payable and receivable (input tax) account.
    static let tax = """
        SELECT id FROM accounts WHERE role = 'taxPayable'
        UNION SELECT payable_account_id FROM tax_codes UNION SELECT receivable_account_id FROM tax_codes
        """
}
