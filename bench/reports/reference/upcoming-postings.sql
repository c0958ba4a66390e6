-- What the schedules post in the next 30 days, by source and currency (next posting dates as stored).
SELECT 'invoiceSetup' AS source, currency, count(*), sum(amount) FROM recurring_invoice_setups
WHERE currency = :'currency' AND is_active AND next_posting_date <= current_date + 30 GROUP BY currency
UNION ALL
SELECT 'recurringExpense', currency, count(*), sum(amount) FROM recurring_expenses
WHERE currency = :'currency' AND is_active AND coalesce(next_posting_date, (schedule ->> 'start')::date) <= current_date + 30 GROUP BY currency;
