/// The sets of accounts the cashflow and ageing reports read (docs/reports.md, "Which accounts"), as SQL
/// sub-selects of `id`s, spelled once for every statement that needs them.
enum ReportAccountSets {
    /// Bank accounts: the `bank` role, and every asset account a payment, an expense or a customer-credit refund
    /// named as its bank account (each an index probe per asset account: `0033_report_indexes.sql`).
    static let bank = """
        SELECT a.id FROM accounts a
        WHERE a.type = 'asset' AND (a.role = 'bank'
            OR EXISTS (SELECT 1 FROM payments p WHERE p.bank_account_id = a.id)
            OR EXISTS (SELECT 1 FROM expenses x WHERE x.bank_account_id = a.id)
            OR EXISTS (SELECT 1 FROM customer_credit_uses u WHERE u.bank_account_id = a.id))
        """

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
