-- The same with the opening balance from ledger_month_balances (migration 0032; the period starts on a month's
-- first day here), the period's lines from the journal.
SELECT e.entry_date, e.entry_number, l.line_no, e.currency, e.memo, l.debit, l.credit,
       coalesce(o.balance, 0) + sum(l.debit - l.credit) OVER (PARTITION BY e.currency ORDER BY e.entry_date, e.entry_number, l.line_no) AS running_balance
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
LEFT JOIN (SELECT b.currency, sum(b.debit - b.credit) AS balance FROM ledger_month_balances b
           WHERE b.account_id = :'account' AND b.currency = :'currency' AND b.month < :'gl_from' GROUP BY b.currency) o ON o.currency = e.currency
WHERE l.account_id = :'account' AND e.currency = :'currency' AND e.entry_date BETWEEN :'gl_from' AND :'gl_to'
ORDER BY e.entry_date, e.entry_number, l.line_no LIMIT 50;
