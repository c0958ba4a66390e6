-- Issue 24, finding 1: auto-trigger fires on a plain invoice too (MixERP: "automatically trigger on sales"), once
-- per sold line; the setup records the invoice that made it, as one made by a sale records its order.
ALTER TABLE recurring_invoice_setups ADD COLUMN source_invoice_id uuid REFERENCES invoices (id);
