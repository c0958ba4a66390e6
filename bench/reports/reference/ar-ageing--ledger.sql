-- The same figures from the ledger at any date: each invoice's receivable balance (its AR lines up to the date),
-- aged by its due date.
SELECT p.name, o.currency,
       sum(o.balance) FILTER (WHERE i.due_date >= :'ageing_as_of') AS current,
       sum(o.balance) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 1 AND 30) AS d1_30,
       sum(o.balance) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 31 AND 60) AS d31_60,
       sum(o.balance) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 61 AND 90) AS d61_90,
       sum(o.balance) FILTER (WHERE :'ageing_as_of'::date - i.due_date > 90) AS d90_plus,
       sum(o.balance) AS total
FROM (SELECT l.document_id, e.currency, sum(l.debit - l.credit) AS balance
      FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
      WHERE a.role = 'accountsReceivable' AND l.document_type = 'invoice' AND e.currency = :'currency' AND e.entry_date <= :'ageing_as_of'
      GROUP BY l.document_id, e.currency HAVING sum(l.debit - l.credit) <> 0) o
JOIN invoices i ON i.id = o.document_id JOIN parties p ON p.id = i.party_id
GROUP BY ROLLUP ((p.name, o.currency)) ORDER BY 1 NULLS LAST, 2;
