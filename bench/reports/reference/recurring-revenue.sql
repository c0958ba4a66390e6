-- MRR per currency from the setups (monthly schedules: amount ÷ interval), with the period's new and ended ones.
SELECT currency,
       sum(amount / coalesce((schedule ->> 'interval')::int, 1)) FILTER (WHERE is_active) AS mrr,
       sum(amount / coalesce((schedule ->> 'interval')::int, 1)) FILTER (WHERE (schedule ->> 'start')::date BETWEEN :'from' AND :'to') AS new_mrr,
       sum(amount / coalesce((schedule ->> 'interval')::int, 1)) FILTER (WHERE NOT is_active AND last_posted_date BETWEEN :'from' AND :'to') AS churned_mrr,
       count(*) FILTER (WHERE is_active) AS active
FROM recurring_invoice_setups WHERE currency = :'currency' AND mode = 'amount' AND schedule ->> 'kind' = 'monthly'
GROUP BY currency ORDER BY currency;
