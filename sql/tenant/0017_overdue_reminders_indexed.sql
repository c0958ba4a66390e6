-- The overdue-reminder step asks, for each overdue invoice, whether a reminder of that offset or a later one was
-- already written. Without an index that was a scan of the whole outbox per invoice: an idle tenant with 1,649
-- overdue invoices spent 1.0–1.3 s in an EOD with nothing to post. The index holds overdue reminders only, so
-- the EOD's invoice_issued rows (most of the outbox) pay nothing for it.
CREATE INDEX notification_outbox_overdue_invoice
    ON notification_outbox (((payload ->> 'invoice_id')::uuid), ((payload ->> 'reminder_offset_days')::int))
    WHERE kind = 'invoice_overdue';
