-- The same from ledger_month_balances (migration 0032; this variant fails, and is skipped, without it): every
-- month that ends by the date from the summary, the days of a month the date cuts from the journal.
SELECT a.code, a.name, a.type, s.currency, sum(s.debit) AS debit, sum(s.credit) AS credit, sum(s.debit - s.credit) AS balance
FROM (SELECT b.account_id, b.currency, b.debit, b.credit FROM ledger_month_balances b
      WHERE b.currency = :'currency' AND b.month < date_trunc('month', :'as_of'::date + 1)
      UNION ALL
      SELECT l.account_id, e.currency, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
      WHERE e.currency = :'currency' AND e.entry_date >= date_trunc('month', :'as_of'::date + 1) AND e.entry_date <= :'as_of') s
JOIN accounts a ON a.id = s.account_id
GROUP BY a.code, a.name, a.type, s.currency ORDER BY a.code, s.currency;
