import Domain
import Foundation
import HTTPServer
import Store

private typealias S = OpenAPISchemas

/// `/v1/invoices/:id/credit-notes`, `/v1/credit-notes`, `/v1/credit-note-numbering` and the customer credit they
/// leave (`/v1/credit-notes/:id/refund`, `/v1/invoices/:id/apply-credit`); docs/invoicing.md, "Credit notes".
enum CreditNoteRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "POST", "/v1/invoices/:id/credit-notes", id: "creditInvoice",
            summary: "Credit an issued invoice, in full (empty body), by amount or by lines: next credit-note number, entry reversing the credited part",
            tag: "Credit notes", parameters: [.id], request: "CreditNoteInput", requestRequired: false,
            status: 201, response: "CreditNote", errors: [400, 404, 409, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/invoices/:id/apply-credit", id: "applyCustomerCredit",
            summary: "Settle an open invoice with the party's customer credit (oldest credit notes first)",
            tag: "Credit notes", parameters: [.id], request: "ApplyCreditInput", requestRequired: false,
            response: "Invoice", errors: [400, 404, 409, 415, 422]),
        .list(
            "/v1/credit-notes", id: "listCreditNotes", summary: "Credit notes, newest first", tag: "Credit notes",
            parameters: [
                .init("party_id", in: .query, schema: OpenAPISchemas.uuid()),
                .init("invoice_id", in: .query, schema: OpenAPISchemas.uuid()),
            ],
            response: "CreditNoteList"),
        .read(
            "/v1/credit-notes/:id", id: "getCreditNote", summary: "One credit note with its lines and credit uses",
            tag: "Credit notes", response: "CreditNote"),
        OpenAPIOperation(
            "POST", "/v1/credit-notes/:id/refund", id: "refundCreditNote",
            summary: "Refund a credit note's customer credit: a payment out (Dr receivable, Cr bank)", tag: "Credit notes",
            parameters: [.id], request: "CreditRefundInput", requestRequired: false,
            response: "CreditNote", errors: [400, 404, 409, 415, 422]),
        OpenAPIOperation(
            "GET", "/v1/credit-note-numbering", id: "getCreditNoteNumbering",
            summary: "The credit-note number pattern and next number", tag: "Credit notes", response: "InvoiceNumbering"),
        OpenAPIOperation(
            "PUT", "/v1/credit-note-numbering", id: "updateCreditNoteNumbering",
            summary: "Change the credit-note pattern and prefix", tag: "Credit notes", request: "InvoiceNumberingInput",
            response: "InvoiceNumbering", errors: [400, 415, 422]),
    ]

    static let schemas: [String: String] = [
        "CreditNoteInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"Including tax, spread over the lines in proportion to what is left of each"},
             "lines":{"type":"array","minItems":1,"items":{"$ref":"#/components/schemas/CreditNoteLineInput"}},
             "reason":\#(S.text(maxLength: 500, nullable: true)),
             "credit_date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today (not before the invoice date)"}},
             "not":{"required":["amount","lines"]},
             "description":"Neither amount nor lines: everything not yet credited"}
            """#,
        "CreditNoteLineInput": #"""
            {"type":"object","additionalProperties":false,"required":["line_no"],"properties":{
             "line_no":{"type":"integer","minimum":1,"maximum":100000,"description":"The invoice line's line_no"},
             "quantity":{"$ref":"#/components/schemas/PositiveAmount"},
             "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"Including tax"}},
             "oneOf":[{"required":["quantity"],"not":{"required":["amount"]}},{"required":["amount"],"not":{"required":["quantity"]}}]}
            """#,
        "ApplyCreditInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"Default: as much as the invoice owes and the credit allows"},
             "date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"}}}
            """#,
        "CreditRefundInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"Default: all the credit left"},
             "date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "method":\#(S.enumeration(PaymentMethod.self, default: .bankTransfer)),
             "reference":\#(S.text(maxLength: 200, nullable: true)),
             "bank_account_id":{"type":["string","null"],"format":"uuid","description":"Default: bank"}}}
            """#,
        "CreditNote": #"""
            {"type":"object","required":["id","number","invoice_id","party_id","currency","credit_date","total","customer_credit","credit_left","lines","uses"],
             "properties":{"id":{"type":"string","format":"uuid"},"number":{"type":"string"},"sequence_number":{"type":"integer"},
             "invoice_id":{"type":"string"},"party_id":{"type":"string"},"currency":{"type":"string"},
             "credit_date":{"type":"string","format":"date"},"reason":{"type":["string","null"]},
             "net_total":{"type":"string"},"tax_total":{"type":"string"},"total":{"type":"string"},
             "invoice_settled":{"type":"string","description":"The part that reduced what the invoice owed"},
             "customer_credit":{"type":"string","description":"The rest: credit to refund or apply"},
             "credit_left":{"type":"string","description":"Customer credit not yet refunded or applied"},
             "entry_id":{"type":"string"},"created_at":{"type":"string","format":"date-time"},
             "lines":{"type":"array","items":{"type":"object","properties":{"line_no":{"type":"integer"},
              "invoice_line_no":{"type":"integer"},"description":{"type":"string"},"quantity":{"type":["string","null"]},
              "tax_rate":{"type":["string","null"]},"income_account_id":{"type":"string"},"net":{"type":"string"},"tax":{"type":"string"}}}},
             "uses":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},
              "kind":{"type":"string","enum":["refund","application"]},"date":{"type":"string","format":"date"},
              "amount":{"type":"string"},"invoice_id":{"type":["string","null"]},"method":{"type":["string","null"]},
              "reference":{"type":["string","null"]},"bank_account_id":{"type":["string","null"]},"entry_id":{"type":"string"},
              "created_at":{"type":"string","format":"date-time"}}}}}}
            """#,
        "CreditNoteList": OpenAPISchemas.page(of: "CreditNote"),
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.post("/v1/invoices/:id/credit-notes", environment.recordHandler(status: .created, write, id: "invoice") { r, id in
            let note = try CreditNoteRepository(r.connection).issue(against: id, try creditNoteInput(r.request), today: r.tenant.today())
            // Kept as issued, as an invoice's documents are when it is issued (docs/documents.md, section 7).
            try environment.documents().keepDocuments(of: .creditNote(note.id), tenant: r.tenant, on: r.connection)
            return note
        })
        router.post("/v1/invoices/:id/apply-credit", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "invoice")
            let body = try RequestBody(r.request)
            let amount = body.reader.optionalExactDecimal("amount")
            let date = body.reader.optionalDate("date") ?? r.tenant.today()
            try body.finish()
            _ = try CreditNoteRepository(r.connection).applyCredit(to: id, amount: amount, on: date)
            let invoice = try InvoiceRepository(r.connection).get(id)
            return Response.json { InvoiceRoutes.write(invoice, today: r.tenant.today(), into: &$0) }
        })
        router.get("/v1/credit-notes", environment.pageHandler(write) { r in
            try CreditNoteRepository(r.connection).list(
                CreditNoteQuery(
                    partyID: try QueryParameters.uuid(r.request, "party_id"),
                    invoiceID: try QueryParameters.uuid(r.request, "invoice_id"), page: try QueryParameters.page(r.request)))
        })
        router.get("/v1/credit-notes/:id", environment.recordHandler(write, id: "credit note") { r, id in
            try CreditNoteRepository(r.connection).get(id)
        })
        router.post("/v1/credit-notes/:id/refund", environment.recordHandler(write, id: "credit note") { r, id in
            let body = try RequestBody(r.request)
            let reader = body.reader
            let draft = CreditRefundDraft(
                amount: reader.optionalExactDecimal("amount"), date: reader.optionalDate("date") ?? r.tenant.today(),
                method: reader.paymentMethod(),
                reference: reader.optionalString("reference"), bankAccountID: reader.optionalUUID("bank_account_id"))
            try body.finish()
            return try CreditNoteRepository(r.connection).refund(id, draft)
        })
        InvoiceRoutes.registerNumbering("/v1/credit-note-numbering", .creditNotes, on: &router, environment: environment)
    }

    // MARK: Reading

    static func creditNoteInput(_ request: Request) throws -> CreditNoteDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let amount = r.optionalExactDecimal("amount")
        let lines: [CreditLineRequest]? =
            r.contains("lines")
            ? r.array("lines") { line in
                CreditLineRequest(
                    lineNumber: line.int("line_no", in: 1...100_000), quantity: line.optionalExactDecimal("quantity"),
                    amount: line.optionalExactDecimal("amount"))
            } : nil
        let reason = r.optionalString("reason")
        let date = r.optionalDate("credit_date")
        if amount != nil && lines != nil {
            body.record([FieldError(pointer: "/amount", detail: "give either amount or lines, not both")])
        }
        try body.finish()
        let request: CreditRequest = amount.map { .amount($0) } ?? lines.map { .lines($0) } ?? .full
        return CreditNoteDraft(request: request, reason: reason, creditDate: date)
    }

    // MARK: Writing

    static func write(_ note: CreditNote, into w: inout JSONWriter) {
        let currency = note.currency
        w.object { w in
            w.key("id"); w.id(note.id)
            w.key("number"); w.string(note.number)
            w.key("sequence_number"); w.int(Int(note.sequenceNumber))
            w.key("invoice_id"); w.id(note.invoiceID)
            w.key("party_id"); w.id(note.partyID)
            w.key("currency"); w.string(currency.code)
            w.key("credit_date"); w.date(note.creditDate)
            w.key("reason"); w.optionalString(note.reason)
            w.key("net_total"); w.money(note.netTotal, currency)
            w.key("tax_total"); w.money(note.taxTotal, currency)
            w.key("total"); w.money(note.total, currency)
            w.key("invoice_settled"); w.money(note.invoiceSettled, currency)
            w.key("customer_credit"); w.money(note.customerCredit, currency)
            w.key("credit_left"); w.money(note.creditLeft, currency)
            w.key("entry_id"); w.id(note.entryID)
            w.key("created_at"); w.instant(note.createdAt)
            w.key("lines"); w.objects(note.lines) { w, line in
                w.key("line_no"); w.int(line.lineNumber)
                w.key("invoice_line_no"); w.int(line.invoiceLineNumber)
                w.key("description"); w.string(line.description)
                w.key("quantity"); w.plainDecimal(line.quantity)
                w.key("tax_rate"); w.plainDecimal(line.taxRate)
                w.key("income_account_id"); w.id(line.incomeAccountID)
                w.key("net"); w.money(line.net, currency)
                w.key("tax"); w.money(line.tax, currency)
            }
            w.key("uses"); w.objects(note.uses) { w, use in
                w.key("id"); w.id(use.id)
                w.key("kind"); w.string(use.kind.wireValue)
                w.key("date"); w.date(use.date)
                w.key("amount"); w.money(use.amount, currency)
                w.key("invoice_id"); w.optionalID(use.invoiceID)
                w.key("method"); w.optionalString(use.method?.wireValue)
                w.key("reference"); w.optionalString(use.reference)
                w.key("bank_account_id"); w.optionalID(use.bankAccountID)
                w.key("entry_id"); w.id(use.entryID)
                w.key("created_at"); w.instant(use.createdAt)
            }
        }
    }
}
