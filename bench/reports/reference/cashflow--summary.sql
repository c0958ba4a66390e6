-- The opening balance from ledger_month_balances (migration 0032; the period starts on a month's first day here),
-- the period's bank postings per month and source from the journal.
SELECT s.currency, s.month, s.category, sum(s.money_in) AS money_in, sum(s.money_out) AS money_out
FROM (SELECT b.currency, NULL::date AS month, 'opening' AS category, b.debit AS money_in, b.credit AS money_out
      FROM ledger_month_balances b JOIN accounts a ON a.id = b.account_id
      WHERE a.role = 'bank' AND b.currency = :'currency' AND b.month < :'from'
      UNION ALL
      SELECT e.currency, date_trunc('month', e.entry_date)::date, e.source_type, l.debit, l.credit
      FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
      WHERE a.role = 'bank' AND e.currency = :'currency' AND e.entry_date BETWEEN :'from' AND :'to') s
GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3;
