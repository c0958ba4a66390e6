-- Debits, credits and balance per account and currency, every posting up to the date.
SELECT a.code, a.name, a.type, e.currency, sum(l.debit) AS debit, sum(l.credit) AS credit, sum(l.debit - l.credit) AS balance
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
WHERE e.currency = :'currency' AND e.entry_date <= :'as_of'
GROUP BY a.code, a.name, a.type, e.currency ORDER BY a.code, e.currency;
