-- The same figures from ledger_document_balances with each row's due date (migration 0041): the open rows of the
-- payable account (exact at a date on or after the last posting, as here), aged by the date on the row, by
-- vendor with a total. Fails (and is skipped) on a build without 0041.
SELECT p.name, b.currency,
       sum(b.credit - b.debit) FILTER (WHERE b.due_date >= :'ageing_as_of') AS current,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - b.due_date BETWEEN 1 AND 30) AS d1_30,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - b.due_date BETWEEN 31 AND 60) AS d31_60,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - b.due_date BETWEEN 61 AND 90) AS d61_90,
       sum(b.credit - b.debit) FILTER (WHERE :'ageing_as_of'::date - b.due_date > 90) AS d90_plus,
       sum(b.credit - b.debit) FILTER (WHERE b.due_date IS NULL) AS unallocated,
       sum(b.credit - b.debit) AS total
FROM ledger_document_balances b JOIN parties p ON p.id = b.party_id
WHERE b.account_id = (SELECT id FROM accounts WHERE role = 'accountsPayable') AND b.currency = :'currency' AND b.open
GROUP BY ROLLUP ((p.name, b.currency)) ORDER BY 1 NULLS LAST, 2;
