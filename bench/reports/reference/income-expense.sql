-- Income and expense per account, currency and month in the period.
SELECT a.code, a.name, a.type, e.currency, date_trunc('month', e.entry_date)::date AS month,
       sum(l.credit - l.debit) AS amount
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
WHERE a.type IN ('income', 'expense') AND e.currency = :'currency' AND e.entry_date BETWEEN :'from' AND :'to'
GROUP BY a.code, a.name, a.type, e.currency, month ORDER BY a.code, e.currency, month;
