-- The same figures from ledger_document_balances (migration 0040): each expense's payable balance now, for the open
-- ones (exact at a date on or after the last posting, as here), aged by its date.
SELECT p.name, b.currency,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - x.expense_date <= 30) AS current,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - x.expense_date BETWEEN 31 AND 60) AS d1_30,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - x.expense_date BETWEEN 61 AND 90) AS d31_60,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - x.expense_date BETWEEN 91 AND 120) AS d61_90,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - x.expense_date > 120) AS d90_plus,
       sum(b.credit - b.debit) AS total
FROM ledger_document_balances b JOIN accounts a ON a.id = b.account_id
JOIN expenses x ON x.id = b.document_id JOIN parties p ON p.id = b.party_id
WHERE a.role = 'accountsPayable' AND b.document_type = 'expense' AND b.currency = :'currency' AND b.debit <> b.credit
GROUP BY ROLLUP ((p.name, b.currency)) ORDER BY 1 NULLS LAST, 2;
