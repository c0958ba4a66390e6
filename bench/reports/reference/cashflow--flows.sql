-- From the summaries: the opening balance from ledger_month_balances (migration 0032; the period starts on a month's
-- first day here), money in and out per month and kind of entry (the accounts of its entry, or the expense's
-- category) from ledger_flow_balances (migration 0040).
SELECT s.month, s.category, sum(s.money_in) AS money_in, sum(s.money_out) AS money_out
FROM (SELECT NULL::date AS month, 'opening' AS category, b.debit AS money_in, b.credit AS money_out
      FROM ledger_month_balances b JOIN accounts a ON a.id = b.account_id
      WHERE a.role = 'bank' AND b.currency = :'currency' AND b.month < :'from'
      UNION ALL
      SELECT date_trunc('month', f.day)::date, coalesce(x.category_id::text, f.entry_accounts::text), f.debit, f.credit
      FROM ledger_flow_balances f JOIN accounts a ON a.id = f.account_id LEFT JOIN expenses x ON x.id = f.expense_id
      WHERE a.role = 'bank' AND f.currency = :'currency' AND f.day BETWEEN :'from' AND :'to') s
GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2;
