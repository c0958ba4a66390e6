-- Issue 27, the banking benchmark: a shared entry of auto-reconcile's payments has one bank debit line for all its
-- payments (docs/banking.md, "Payments share an entry"), as an accountant books a deposit. A payment's own lines
-- are then its receivable credit(s) only (a range of one line is allowed), and it names the entry's line that
-- balances them (`entry_bank_line`, the bank's): reversing the payment reverses its own lines and takes its amount
-- off that line's account (Dr receivable / Cr bank). NULL with a range: the range balances by itself (payments
-- shared under 0050, whose range held their own bank line). Runs with search_path set to the tenant's own schema.

ALTER TABLE payments
    DROP CONSTRAINT payments_entry_lines,
    ADD COLUMN entry_bank_line integer,
    ADD CONSTRAINT payments_entry_lines CHECK (
        (entry_first_line IS NULL) = (entry_last_line IS NULL) AND entry_first_line >= 1
        AND entry_last_line >= entry_first_line
        AND (entry_bank_line IS NULL OR (entry_first_line IS NOT NULL
             AND entry_bank_line >= 1 AND entry_bank_line NOT BETWEEN entry_first_line AND entry_last_line))
        AND (entry_bank_line IS NOT NULL OR entry_last_line > entry_first_line));
