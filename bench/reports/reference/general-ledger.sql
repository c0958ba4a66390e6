-- One account's lines in the period, in posting order, with the running balance from the opening balance (every
-- earlier posting), first page of 50 (the endpoint's default limit); one currency, as every report.
SELECT e.entry_date, e.entry_number, l.line_no, e.currency, e.memo, l.debit, l.credit,
       coalesce(o.balance, 0) + sum(l.debit - l.credit) OVER (PARTITION BY e.currency ORDER BY e.entry_date, e.entry_number, l.line_no) AS running_balance
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
LEFT JOIN (SELECT e2.currency, sum(l2.debit - l2.credit) AS balance FROM journal_lines l2 JOIN journal_entries e2 ON e2.id = l2.entry_id
           WHERE l2.account_id = :'account' AND e2.currency = :'currency' AND e2.entry_date < :'gl_from' GROUP BY e2.currency) o ON o.currency = e.currency
WHERE l.account_id = :'account' AND e.currency = :'currency' AND e.entry_date BETWEEN :'gl_from' AND :'gl_to'
ORDER BY e.entry_date, e.entry_number, l.line_no LIMIT 50;
