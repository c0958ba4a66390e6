-- The same with the opening balance from ledger_month_balances (migration 0032; the period starts on a month's
-- first day here), the period's lines from the journal; with every figure the route's JSON carries (reports-25c):
-- the account's code, name and type, each line's entry id, source type, memo (the line's, else the entry's), party
-- and party name, and the period's closing balance (opening + the period's months, whole months here). The names and
-- the closing are joined to the page's 50 lines, after the running balance's window.
SELECT a.code, a.name, a.type, g.entry_date, g.entry_id, g.entry_number, g.line_no, g.source_type, g.memo, g.party_id,
       p.name AS party_name, g.currency, g.debit, g.credit, g.running_balance,
       g.opening + coalesce((SELECT sum(b.debit - b.credit) FROM ledger_month_balances b
                             WHERE b.account_id = :'account' AND b.currency = :'currency'
                               AND b.month >= :'gl_from' AND b.month <= :'gl_to'), 0) AS closing_balance
FROM (
    SELECT e.entry_date, e.id AS entry_id, e.entry_number, l.line_no, e.source_type, coalesce(l.memo, e.memo) AS memo,
           l.party_id, e.currency, l.debit, l.credit, coalesce(o.balance, 0) AS opening,
           coalesce(o.balance, 0) + sum(l.debit - l.credit) OVER (PARTITION BY e.currency ORDER BY e.entry_date, e.entry_number, l.line_no) AS running_balance
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
    LEFT JOIN (SELECT b.currency, sum(b.debit - b.credit) AS balance FROM ledger_month_balances b
               WHERE b.account_id = :'account' AND b.currency = :'currency' AND b.month < :'gl_from' GROUP BY b.currency) o ON o.currency = e.currency
    WHERE l.account_id = :'account' AND e.currency = :'currency' AND e.entry_date BETWEEN :'gl_from' AND :'gl_to'
    ORDER BY e.entry_date, e.entry_number, l.line_no LIMIT 50
) g
CROSS JOIN accounts a LEFT JOIN parties p ON p.id = g.party_id
WHERE a.id = :'account'
ORDER BY g.entry_date, g.entry_number, g.line_no;
