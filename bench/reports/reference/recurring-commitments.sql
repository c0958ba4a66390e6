-- Monthly commitments per currency from the recurring expenses (monthly schedules: amount ÷ interval).
SELECT currency, sum(amount / coalesce((schedule ->> 'interval')::int, 1)) FILTER (WHERE is_active) AS monthly,
       count(*) FILTER (WHERE is_active) AS active
FROM recurring_expenses WHERE currency = :'currency' AND schedule ->> 'kind' = 'monthly'
GROUP BY currency ORDER BY currency;
