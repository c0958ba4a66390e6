// The Documents module: an `InvoiceDocument` (Domain) rendered as HTML (HTML/) and PDF/A-3 (PDF/, Layout/).
