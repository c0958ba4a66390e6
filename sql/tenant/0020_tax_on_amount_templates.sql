-- Issue 24, finding 3: a recurring invoice "by amount" carries a tax rate too (percent, like a line's), so both
-- modes can bill tax. Products keep their rate per line (recurring_invoice_setup_lines.tax_rate).
ALTER TABLE recurring_invoice_setups
    ADD COLUMN tax_rate numeric(7,4) CHECK (tax_rate >= 0 AND tax_rate <= 100),
    ADD CONSTRAINT recurring_invoice_setups_tax_rate_mode CHECK (mode = 'amount' OR tax_rate IS NULL);
