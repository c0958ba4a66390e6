-- The same from ledger_month_balances (migration 0032), the days of a month the date cuts from the journal.
SELECT CASE WHEN a.type IN ('income', 'expense')
            THEN CASE WHEN s.day >= date_trunc('year', :'as_of'::date) THEN 'result:current' ELSE 'result:earlier' END
            ELSE a.code END AS line,
       s.currency, sum(s.debit - s.credit) AS balance
FROM (SELECT b.account_id, b.currency, b.month AS day, b.debit, b.credit FROM ledger_month_balances b
      WHERE b.currency = :'currency' AND b.month < date_trunc('month', :'as_of'::date + 1)
      UNION ALL
      SELECT l.account_id, e.currency, e.entry_date, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
      WHERE e.currency = :'currency' AND e.entry_date >= date_trunc('month', :'as_of'::date + 1) AND e.entry_date <= :'as_of') s
JOIN accounts a ON a.id = s.account_id
GROUP BY 1, 2 ORDER BY 1, 2;
