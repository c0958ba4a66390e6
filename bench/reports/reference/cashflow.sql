-- Bank-account postings: the opening balance, then money in and out per month and source (direct method).
SELECT e.currency, CASE WHEN e.entry_date < :'from' THEN NULL ELSE date_trunc('month', e.entry_date)::date END AS month,
       CASE WHEN e.entry_date < :'from' THEN 'opening' ELSE e.source_type END AS category,
       sum(l.debit) AS money_in, sum(l.credit) AS money_out
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
WHERE a.role = 'bank' AND e.currency = :'currency' AND e.entry_date <= :'to'
GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3;
