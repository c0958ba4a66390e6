-- Open invoices (issued or partly paid, dated by the date) by customer, currency and days past due, with totals.
-- The invoices' payment state is the ledger's at a date on or after the last posting.
SELECT p.name, i.currency,
       sum(i.total - i.amount_paid - i.credit_applied) FILTER (WHERE i.due_date >= :'ageing_as_of') AS current,
       sum(i.total - i.amount_paid - i.credit_applied) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 1 AND 30) AS d1_30,
       sum(i.total - i.amount_paid - i.credit_applied) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 31 AND 60) AS d31_60,
       sum(i.total - i.amount_paid - i.credit_applied) FILTER (WHERE :'ageing_as_of'::date - i.due_date BETWEEN 61 AND 90) AS d61_90,
       sum(i.total - i.amount_paid - i.credit_applied) FILTER (WHERE :'ageing_as_of'::date - i.due_date > 90) AS d90_plus,
       sum(i.total - i.amount_paid - i.credit_applied) AS total
FROM invoices i JOIN parties p ON p.id = i.party_id
WHERE i.currency = :'currency' AND i.status IN ('issued', 'partiallyPaid') AND i.invoice_date <= :'ageing_as_of'
GROUP BY ROLLUP ((p.name, i.currency)) ORDER BY 1 NULLS LAST, 2;
