-- Asset, liability and equity balances per account and currency at the date; income and expense folded into the
-- current year's result and the earlier years' result.
SELECT CASE WHEN a.type IN ('income', 'expense')
            THEN CASE WHEN e.entry_date >= date_trunc('year', :'as_of'::date) THEN 'result:current' ELSE 'result:earlier' END
            ELSE a.code END AS line,
       e.currency, sum(l.debit - l.credit) AS balance
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
WHERE e.currency = :'currency' AND e.entry_date <= :'as_of'
GROUP BY 1, 2 ORDER BY 1, 2;
