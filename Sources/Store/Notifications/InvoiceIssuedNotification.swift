import Domain
import Foundation
import Postgres

/// The "invoice issued" e-mail, written to the outbox once per invoice (its dedupe key names the invoice) in the
/// transaction that issued it: one `COPY` for any number of invoices. The payload carries what the e-mail template
/// shows (number, dates, total, currency, party, reference); the e-mail is written from it when sent.
enum InvoiceIssuedNotification {
    static let copy = "COPY notification_outbox (id, kind, dedupe_key, recipient, subject, body, payload) FROM STDIN"

    static let summaries = PostgresStatement(
        "eod_invoice_issued_summaries",
        """
        SELECT i.id, i.number, i.invoice_date, i.due_date, i.total, i.currency, i.statement_reference,
               p.id AS party_id, p.name AS party_name, p.email AS party_email
        FROM invoices i JOIN parties p ON p.id = i.party_id
        WHERE (i.id = ANY($1::uuid[]) OR i.sales_order_id = ANY($2::uuid[])) AND i.number IS NOT NULL
        ORDER BY i.sequence_number
        """)

    /// Writes one notification per invoice and returns how many.
    static func write(_ invoices: [IssuedInvoiceSummary], on connection: PostgresConnection) throws -> Int {
        guard !invoices.isEmpty else { return 0 }
        var ids = TimeOrderedUUIDs(expected: invoices.count)
        return try connection.copyIn(copy) { out in
            for invoice in invoices {
                let total = invoice.total.rounded(toPlaces: invoice.currency.minorUnits)
                out.append(ids.next())
                out.append("invoice_issued")
                out.append("invoice_issued:" + invoice.id.lowercaseText)
                out.append(invoice.partyEmail)
                out.append("Invoice \(invoice.number) from your supplier")
                out.append(
                    "Dear \(invoice.partyName), please find invoice \(invoice.number) of \(invoice.invoiceDate) for "
                        + "\(total) \(invoice.currency.code), due on \(invoice.dueDate)."
                        + (invoice.statementReference.flatMap { $0.isEmpty ? nil : " Reference: \($0)" } ?? ""))
                out.append(payload(invoice, total: total))
                try out.endRow()
            }
        }
    }

    /// The payload: what the e-mail template shows (docs/delivery.md, "Templates") and webhooks carry.
    static func payload(_ invoice: IssuedInvoiceSummary, total: ExactDecimal) -> String {
        var fields = [
            "\"invoice_id\":\"\(invoice.id.lowercaseText)\"", "\"number\":\(jsonString(invoice.number))",
            "\"total\":\"\(total)\"", "\"currency\":\"\(invoice.currency.code)\"", "\"due_date\":\"\(invoice.dueDate)\"",
            "\"invoice_date\":\"\(invoice.invoiceDate)\"", "\"party_id\":\"\(invoice.partyID.lowercaseText)\"",
            "\"party_name\":\(jsonString(invoice.partyName))",
        ]
        if let reference = invoice.statementReference, !reference.isEmpty {
            fields.append("\"statement_reference\":\(jsonString(reference))")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Reads the issued invoices with these ids, or of these sales orders, then writes their notifications
    /// (documents posted one by one, such as recurring sales orders).
    static func write(invoiceIDs: [UUID] = [], salesOrderIDs: [UUID] = [], on connection: PostgresConnection) throws -> Int {
        guard !invoiceIDs.isEmpty || !salesOrderIDs.isEmpty else { return 0 }
        let invoices = try connection.query(summaries, [SQLArray(invoiceIDs), SQLArray(salesOrderIDs)]).map { row in
            IssuedInvoiceSummary(
                id: try row.decode(UUID.self, "id"), number: try row.decode(String.self, "number"),
                invoiceDate: try LedgerSQL.date(row, "invoice_date"), dueDate: try LedgerSQL.date(row, "due_date"),
                total: try row.decode(ExactDecimal.self, "total"), currency: try LedgerSQL.currency(row),
                statementReference: try row.decode(String?.self, "statement_reference"),
                partyID: try row.decode(UUID.self, "party_id"), partyName: try row.decode(String.self, "party_name"),
                partyEmail: try row.decode(String?.self, "party_email"))
        }
        return try write(invoices, on: connection)
    }
}
