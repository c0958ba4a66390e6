-- The same figures from ledger_document_balances (migration 0040): each invoice's receivable balance now, for the
-- open ones (exact at a date on or after the last posting, as here), aged by its due date.
SELECT p.name, b.currency,
       sum(b.debit - b.credit) FILTER (WHERE i.due_date >= :'ageing_as_of') AS current,
       sum(b.debit - b.credit) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 1 AND 30) AS d1_30,
       sum(b.debit - b.credit) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 31 AND 60) AS d31_60,
       sum(b.debit - b.credit) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 61 AND 90) AS d61_90,
       sum(b.debit - b.credit) FILTER (WHERE :'ageing_as_of'::date - i.due_date > 90) AS d90_plus,
       sum(b.debit - b.credit) AS total
FROM ledger_document_balances b JOIN accounts a ON a.id = b.account_id
JOIN invoices i ON i.id = b.document_id JOIN parties p ON p.id = b.party_id
WHERE a.role = 'accountsReceivable' AND b.document_type = 'invoice' AND b.currency = :'currency' AND b.debit <> b.credit
GROUP BY ROLLUP ((p.name, b.currency)) ORDER BY 1 NULLS LAST, 2;
