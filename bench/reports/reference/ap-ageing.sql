-- Unpaid, unreversed expenses (recorded by the date) by vendor, currency and age in days, with totals.
SELECT p.name, x.currency,
       sum(x.amount) FILTER (WHERE :'ageing_as_of'::date - x.expense_date <= 30) AS current,
       sum(x.amount) FILTER (WHERE :'ageing_as_of'::date - x.expense_date BETWEEN 31 AND 60) AS d1_30,
       sum(x.amount) FILTER (WHERE :'ageing_as_of'::date - x.expense_date BETWEEN 61 AND 90) AS d31_60,
       sum(x.amount) FILTER (WHERE :'ageing_as_of'::date - x.expense_date BETWEEN 91 AND 120) AS d61_90,
       sum(x.amount) FILTER (WHERE :'ageing_as_of'::date - x.expense_date > 120) AS d90_plus,
       sum(x.amount) AS total
FROM expenses x JOIN parties p ON p.id = x.vendor_id
WHERE x.currency = :'currency' AND x.paid_on IS NULL AND x.reversed_on IS NULL AND x.expense_date <= :'ageing_as_of'
GROUP BY ROLLUP ((p.name, x.currency)) ORDER BY 1 NULLS LAST, 2;
