-- The same from ledger_month_balances (migration 0032): the periods are whole months here, so the summary alone.
SELECT a.code, a.name, a.type, b.currency, b.month, sum(b.credit - b.debit) AS amount
FROM ledger_month_balances b JOIN accounts a ON a.id = b.account_id
WHERE a.type IN ('income', 'expense') AND b.currency = :'currency'
  AND (b.month BETWEEN :'from' AND :'to' OR b.month BETWEEN :'prev_from' AND :'prev_to')
GROUP BY a.code, a.name, a.type, b.currency, b.month ORDER BY a.code, b.currency, b.month;
