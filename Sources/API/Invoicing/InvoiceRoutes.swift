import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/invoices` (drafts, issuing, voiding, listing), `/v1/invoice-numbering` and `/v1/payments`.
private typealias S = OpenAPISchemas

enum InvoiceRoutes {
    static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/invoices", id: "listInvoices", summary: "Invoices, newest first", tag: "Invoices",
            parameters: [
                .init("status", in: .query, schema: S.enumeration(InvoiceStatus.self)),
                .init("overdue", in: .query, schema: #"{"type":"boolean"}"#, description: "Only open invoices due before the tenant's today"),
                .init("party_id", in: .query, schema: OpenAPISchemas.uuid()),
                .init("from", in: .query, schema: OpenAPISchemas.date(), description: "Invoice date on or after"),
                .init("to", in: .query, schema: OpenAPISchemas.date(), description: "Invoice date on or before"),
            ],
            response: "InvoiceList"),
        .create(
            "/v1/invoices", id: "createInvoice", summary: "Create a draft invoice (amounts computed)", tag: "Invoices",
            request: "InvoiceInput", response: "Invoice"),
        .read(
            "/v1/invoices/:id", id: "getInvoice", summary: "One invoice with its lines", tag: "Invoices",
            response: "Invoice"),
        OpenAPIOperation(
            "PUT", "/v1/invoices/:id", id: "replaceInvoice", summary: "Replace a draft", tag: "Invoices",
            parameters: [.id], request: "InvoiceInput", response: "Invoice",
            errors: [400, 404, 409, 415, 422]),
        OpenAPIOperation(
            "DELETE", "/v1/invoices/:id", id: "deleteInvoice", summary: "Delete a draft (void an issued invoice)",
            tag: "Invoices", parameters: [.id], status: 204, errors: [404, 409]),
        OpenAPIOperation(
            "POST", "/v1/invoices/:id/issue", id: "issueInvoice",
            summary: "Issue a draft: next number, GL entry (Dr party's AR, Cr income accounts and tax payable)",
            tag: "Invoices", parameters: [.id], response: "Invoice", errors: [404, 409, 422]),
        OpenAPIOperation(
            "POST", "/v1/invoices/:id/void", id: "voidInvoice",
            summary: "Void an unpaid issued invoice: reversing entry; the number stays used", tag: "Invoices",
            parameters: [.id], request: "DatedAction", requestRequired: false, response: "Invoice",
            errors: [404, 409, 422]),
        OpenAPIOperation(
            "GET", "/v1/invoice-numbering", id: "getInvoiceNumbering", summary: "The invoice number pattern and next number",
            tag: "Invoices", response: "InvoiceNumbering"),
        OpenAPIOperation(
            "PUT", "/v1/invoice-numbering", id: "updateInvoiceNumbering", summary: "Change the pattern and prefix",
            tag: "Invoices", request: "InvoiceNumberingInput", response: "InvoiceNumbering", errors: [400, 415, 422]),
        .list(
            "/v1/payments", id: "listPayments", summary: "Payments, newest first", tag: "Payments",
            parameters: [.init("party_id", in: .query, schema: OpenAPISchemas.uuid())], response: "PaymentList"),
        .create(
            "/v1/payments", id: "createPayment",
            summary: "Record a payment allocated to open invoices (Dr bank, Cr AR); overpayment is refused",
            tag: "Payments", request: "PaymentInput", response: "Payment"),
        .read("/v1/payments/:id", id: "getPayment", summary: "One payment", tag: "Payments", response: "Payment"),
        OpenAPIOperation(
            "POST", "/v1/payments/:id/reverse", id: "reversePayment",
            summary: "Reverse a payment: reversing entry, invoices reopened", tag: "Payments",
            parameters: [.id], request: "DatedAction", requestRequired: false, response: "Payment",
            errors: [404, 409, 422]),
    ]

    static let schemas: [String: String] = [
        "Discount": #"""
            {"type":"object","additionalProperties":false,"required":["kind","value"],"properties":{
             "kind":{"type":"string","enum":["percent","amount"]},"value":{"$ref":"#/components/schemas/Decimal"}},
             "oneOf":[{"properties":{"kind":{"const":"percent"},"value":{"$ref":"#/components/schemas/Percent"}}},
              {"properties":{"kind":{"const":"amount"},"value":{"$ref":"#/components/schemas/Amount"}}}]}
            """#,
        "InvoiceLineInput": #"""
            {"type":"object","additionalProperties":false,"required":["quantity"],"properties":{
             "item_id":{"type":["string","null"],"format":"uuid"},
             "description":\#(S.text(maxLength: 500, nullable: true)),
             "quantity":{"$ref":"#/components/schemas/PositiveAmount"},
             "unit_price":\#(S.ref("Amount", nullable: true)),
             "discount":\#(S.ref("Discount", nullable: true)),
             "tax_rate":\#(S.ref("Percent", nullable: true)),
             "income_account_id":{"type":["string","null"],"format":"uuid","description":"Default: the item's, else sales income"},
             "tax_code_id":{"type":["string","null"],"format":"uuid","description":"Instead of tax_rate: the code's rate is copied onto the line, its payable account takes the tax"},
             "campaign":\#(S.text(maxLength: 100, nullable: true))},
             "not":{"required":["tax_code_id","tax_rate"],"properties":{"tax_code_id":{"type":"string"},"tax_rate":{"type":"string"}}},
             "description":"Without an item, description and unit_price are required; defaults: the item's name, price, tax rate and income account",
             "anyOf":[{"required":["item_id"],"properties":{"item_id":{"type":"string"}}},
              {"required":["description","unit_price"],"properties":{"description":{"type":"string"},"unit_price":{"type":"string"}}}]}
            """#,
        "InvoiceInput": #"""
            {"type":"object","additionalProperties":false,"required":["party_id","lines"],"properties":{
             "party_id":{"type":"string","format":"uuid"},
             "invoice_date":{"type":["string","null"],"format":"date","description":"Default: the day it is issued"},
             "payment_terms_days":{"type":["integer","null"],"minimum":0,"maximum":3650,"description":"Default: the party's"},
             "statement_reference":\#(S.text(maxLength: 500, nullable: true)),"discount":\#(S.ref("Discount", nullable: true)),
             "prices_include_tax":{"type":"boolean","default":false,"description":"Unit prices include tax; each line's net is derived"},
             "lines":{"type":"array","minItems":1,"items":{"$ref":"#/components/schemas/InvoiceLineInput"}}}}
            """#,
        "Invoice": #"""
            {"type":"object","required":["id","party_id","status","overdue","currency","total","amount_paid","outstanding","lines"],
             "properties":{"id":{"type":"string","format":"uuid"},"party_id":{"type":"string"},
             "status":\#(S.enumeration(InvoiceStatus.self)),
             "overdue":{"type":"boolean","description":"Open and due before the tenant's today"},
             "currency":{"type":"string"},"number":{"type":["string","null"]},"sequence_number":{"type":["integer","null"]},
             "invoice_date":{"type":["string","null"],"format":"date"},"due_date":{"type":["string","null"],"format":"date"},
             "payment_terms_days":{"type":"integer"},"statement_reference":{"type":["string","null"]},
             "discount":{"oneOf":[{"$ref":"#/components/schemas/Discount"},{"type":"null"}]},
             "subtotal":{"type":"string"},"discount_total":{"type":"string"},"tax_total":{"type":"string"},
             "total":{"type":"string"},"amount_paid":{"type":"string"},
             "credited":{"type":"string","description":"Σ the totals of its credit notes"},
             "credit_applied":{"type":"string","description":"Credit that settles it: its credit notes (up to what it owed) and customer credit applied"},
             "outstanding":{"type":"string","description":"total − amount_paid − credit_applied; 0 when void"},
             "recurring_setup_id":{"type":["string","null"]},"sales_order_id":{"type":["string","null"]},
             "issue_entry_id":{"type":["string","null"]},"void_entry_id":{"type":["string","null"]},
             "issued_at":{"type":["string","null"],"format":"date-time"},"voided_at":{"type":["string","null"],"format":"date-time"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},
             "occurrence_date":{"type":["string","null"],"format":"date","description":"The posting date of the recurring occurrence it bills (null: not from a recurring setup); never after invoice_date, before it when the EOD redated the invoice (lock date, chronological numbering, eod_date dating)"},
             "period_start":{"type":["string","null"],"format":"date","description":"First day of the period a recurring occurrence bills; null for other invoices"},
             "period_end":{"type":["string","null"],"format":"date","description":"Last day of that period; null for other invoices"},
             "prices_include_tax":{"type":"boolean"},
             "lines":{"type":"array","items":{"type":"object","properties":{"line_no":{"type":"integer"},
              "tax_code_id":{"type":["string","null"]},
              "item_id":{"type":["string","null"]},"description":{"type":"string"},"quantity":{"type":"string"},
              "unit_price":{"type":"string"},"discount":{"oneOf":[{"$ref":"#/components/schemas/Discount"},{"type":"null"}]},
              "tax_rate":{"type":["string","null"]},"income_account_id":{"type":"string"},"campaign":{"type":["string","null"]},
              "gross":{"type":"string"},
              "discount_amount":{"type":"string"},"net":{"type":"string"},"tax":{"type":"string"}}}}}}
            """#,
        "InvoiceList": OpenAPISchemas.page(of: "Invoice"),
        "InvoiceNumbering": #"""
            {"type":"object","required":["pattern","prefix","next_sequence_number"],"properties":{
             "pattern":{"type":"string","description":"Tokens {PREFIX} {YYYY} {YY} {MM} {DD} and one {SEQ} or {SEQ:n}"},
             "prefix":{"type":"string"},"next_sequence_number":{"type":"integer"},"example":{"type":"string"}}}
            """#,
        "InvoiceNumberingInput": #"""
            {"type":"object","additionalProperties":false,"required":["pattern","prefix"],"properties":{
             "pattern":\#(S.invoiceNumberPattern),"prefix":{"type":"string","pattern":"^[A-Za-z0-9_/.-]{0,20}$"}}}
            """#,
        "PaymentInput": #"""
            {"type":"object","additionalProperties":false,"required":["party_id","amount","allocations"],"properties":{
             "party_id":{"type":"string","format":"uuid"},
             "date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"Equal to the sum of the allocations"},
             "method":\#(S.enumeration(PaymentMethod.self, default: .bankTransfer)),
             "reference":\#(S.text(maxLength: 200, nullable: true)),
             "bank_account_id":{"type":["string","null"],"format":"uuid","description":"Default: bank"},
             "allocations":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,
              "required":["invoice_id","amount"],"properties":{"invoice_id":{"type":"string","format":"uuid"},
              "amount":{"$ref":"#/components/schemas/PositiveAmount"}}}}}}
            """#,
        "Payment": #"""
            {"type":"object","required":["id","party_id","date","amount","currency","method","allocations","reversed"],
             "properties":{"id":{"type":"string","format":"uuid"},"party_id":{"type":"string"},"date":{"type":"string","format":"date"},
             "amount":{"type":"string"},"currency":{"type":"string"},"method":\#(S.enumeration(PaymentMethod.self)),"reference":{"type":["string","null"]},
             "bank_account_id":{"type":"string"},"entry_id":{"type":"string"},"reversed":{"type":"boolean"},
             "reversal_entry_id":{"type":["string","null"]},"reversed_on":{"type":["string","null"],"format":"date"},
             "created_at":{"type":"string","format":"date-time"},
             "allocations":{"type":"array","items":{"type":"object","properties":{"invoice_id":{"type":"string"},"amount":{"type":"string"}}}}}}
            """#,
        "PaymentList": OpenAPISchemas.page(of: "Payment"),
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/invoices", environment.tenantHandler { r in
            let today = r.tenant.today()
            let query = InvoiceQuery(
                status: try QueryParameters.enumValue(r.request, "status", InvoiceStatus.self),
                overdueOn: try QueryParameters.bool(r.request, "overdue") ? today : nil,
                partyID: try QueryParameters.uuid(r.request, "party_id"), from: try QueryParameters.date(r.request, "from"),
                through: try QueryParameters.date(r.request, "to"), page: try QueryParameters.page(r.request))
            let page = try InvoiceRepository(r.connection).list(query)
            return Response.json { $0.page(page) { w, invoice in write(invoice, today: today, into: &w) } }
        })
        router.post("/v1/invoices", environment.tenantHandler { r in
            let invoice = try InvoiceRepository(r.connection).createDraft(try invoiceInput(r.request))
            return Response.json(status: .created) { write(invoice, today: r.tenant.today(), into: &$0) }
        })
        router.get("/v1/invoices/:id", environment.tenantHandler { r in
            let invoice = try InvoiceRepository(r.connection).get(try QueryParameters.id(r.request, "invoice"))
            return Response.json { write(invoice, today: r.tenant.today(), into: &$0) }
        })
        router.put("/v1/invoices/:id", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "invoice")
            let invoice = try InvoiceRepository(r.connection).replaceDraft(id, try invoiceInput(r.request))
            return Response.json { write(invoice, today: r.tenant.today(), into: &$0) }
        })
        router.delete("/v1/invoices/:id", environment.deleteHandler(id: "invoice") { r, id in
            try InvoiceRepository(r.connection).deleteDraft(id)
        })
        router.post("/v1/invoices/:id/issue", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "invoice")
            try RequestBody(r.request).finish()
            let documents = try environment.documents()
            try documents.checkIssuable(id, tenant: r.tenant, on: r.connection)
            let invoice = try InvoiceRepository(r.connection).issue(id, today: r.tenant.today())
            try documents.keepDocuments(of: .invoice(id), tenant: r.tenant, on: r.connection)
            return Response.json { write(invoice, today: r.tenant.today(), into: &$0) }
        })
        router.post("/v1/invoices/:id/void", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "invoice")
            let invoice = try InvoiceRepository(r.connection).void(id, on: try LedgerRoutes.datedAction(r))
            return Response.json { write(invoice, today: r.tenant.today(), into: &$0) }
        })
        registerNumbering("/v1/invoice-numbering", .invoices, on: &router, environment: environment)

        router.get("/v1/payments", environment.pageHandler(write) { r in
            try PaymentRepository(r.connection).list(
                partyID: try QueryParameters.uuid(r.request, "party_id"), page: try QueryParameters.page(r.request))
        })
        router.post("/v1/payments", environment.recordHandler(status: .created, write) { r in
            try PaymentRepository(r.connection).record(try paymentInput(r))
        })
        router.get("/v1/payments/:id", environment.recordHandler(write, id: "payment") { r, id in
            try PaymentRepository(r.connection).get(id)
        })
        router.post("/v1/payments/:id/reverse", environment.recordHandler(write, id: "payment") { r, id in
            try PaymentRepository(r.connection).reverse(id, on: try LedgerRoutes.datedAction(r))
        })
    }

    /// `GET` and `PUT` of one number sequence's pattern and prefix (`/v1/invoice-numbering`,
    /// `/v1/credit-note-numbering`).
    static func registerNumbering(
        _ path: String, _ sequence: InvoiceNumbering.Sequence, on router: inout Router, environment: APIEnvironment
    ) {
        router.get(path, environment.tenantHandler { r in
            let settings = try InvoiceNumbering(r.connection, sequence).settings()
            return Response.json { write(settings, today: r.tenant.today(), into: &$0) }
        })
        router.put(path, environment.tenantHandler { r in
            let body = try RequestBody(r.request)
            let pattern = body.reader.string("pattern")
            let prefix = body.reader.string("prefix")
            try body.finish()
            let settings = try InvoiceNumbering(r.connection, sequence).update(pattern: pattern, prefix: prefix)
            return Response.json { write(settings, today: r.tenant.today(), into: &$0) }
        })
    }

    // MARK: Reading

    static func invoiceInput(_ request: Request) throws -> InvoiceDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let draft = InvoiceDraft(
            partyID: r.uuid("party_id"), invoiceDate: r.optionalDate("invoice_date"),
            paymentTermsDays: r.optionalInt("payment_terms_days"), statementReference: r.optionalString("statement_reference"),
            discount: r.optionalDiscount("discount"), pricesIncludeTax: r.optionalBool("prices_include_tax") ?? false,
            lines: r.array("lines") { line in
                InvoiceLineDraft(
                    itemID: line.optionalUUID("item_id"), description: line.optionalString("description"),
                    quantity: line.exactDecimal("quantity"), unitPrice: line.optionalExactDecimal("unit_price"),
                    discount: line.optionalDiscount("discount"), taxRate: line.optionalExactDecimal("tax_rate"),
                    incomeAccountID: line.optionalUUID("income_account_id"), taxCodeID: line.optionalUUID("tax_code_id"),
                    campaign: line.optionalString("campaign"))
            })
        try body.finish()
        return draft
    }

    static func paymentInput(_ r: TenantRequest) throws -> PaymentDraft {
        let body = try RequestBody(r.request)
        let reader = body.reader
        let draft = PaymentDraft(
            partyID: reader.uuid("party_id"), date: reader.optionalDate("date") ?? r.tenant.today(),
            amount: reader.exactDecimal("amount"),
            method: reader.paymentMethod(),
            reference: reader.optionalString("reference"), bankAccountID: reader.optionalUUID("bank_account_id"),
            allocations: reader.array("allocations") { a in
                PaymentAllocationDraft(invoiceID: a.uuid("invoice_id"), amount: a.exactDecimal("amount"))
            })
        try body.finish()
        return draft
    }

    // MARK: Writing

    static func write(_ invoice: Invoice, today: CalendarDate, into w: inout JSONWriter) {
        let currency = invoice.currency
        w.object { w in
            w.key("id"); w.id(invoice.id)
            w.key("party_id"); w.id(invoice.partyID)
            w.key("status"); w.string(invoice.status.wireValue)
            w.key("overdue"); w.bool(invoice.isOverdue(today: today))
            w.key("currency"); w.string(currency.code)
            w.key("number"); w.optionalString(invoice.number)
            w.key("sequence_number")
            if let sequence = invoice.sequenceNumber { w.int(Int(sequence)) } else { w.null() }
            w.key("invoice_date"); w.date(invoice.invoiceDate)
            w.key("due_date"); w.date(invoice.dueDate)
            w.key("payment_terms_days"); w.int(invoice.paymentTermsDays)
            w.key("statement_reference"); w.optionalString(invoice.statementReference)
            w.key("discount"); w.discount(invoice.discount, currency)
            w.key("subtotal"); w.money(invoice.subtotal, currency)
            w.key("discount_total"); w.money(invoice.discountTotal, currency)
            w.key("tax_total"); w.money(invoice.taxTotal, currency)
            w.key("total"); w.money(invoice.total, currency)
            w.key("amount_paid"); w.money(invoice.amountPaid, currency)
            w.key("credited"); w.money(invoice.amountCredited, currency)
            w.key("credit_applied"); w.money(invoice.creditApplied, currency)
            w.key("outstanding"); w.money(invoice.outstanding, currency)
            w.key("recurring_setup_id"); w.optionalID(invoice.recurringSetupID)
            w.key("sales_order_id"); w.optionalID(invoice.salesOrderID)
            w.key("issue_entry_id"); w.optionalID(invoice.issueEntryID)
            w.key("void_entry_id"); w.optionalID(invoice.voidEntryID)
            w.key("issued_at"); w.instant(invoice.issuedAt)
            w.key("voided_at"); w.instant(invoice.voidedAt)
            w.key("created_at"); w.instant(invoice.createdAt)
            w.key("updated_at"); w.instant(invoice.updatedAt)
            w.key("occurrence_date"); w.date(invoice.occurrenceDate)
            w.key("period_start"); w.date(invoice.periodStart)
            w.key("period_end"); w.date(invoice.periodEnd)
            w.key("prices_include_tax"); w.bool(invoice.pricesIncludeTax)
            w.key("lines"); w.objects(invoice.lines) { w, line in
                w.pricedLine(line, currency)
                w.key("income_account_id"); w.id(line.incomeAccountID)
                w.key("campaign"); w.optionalString(line.campaign)
                w.key("gross"); w.money(line.gross, currency)
                w.key("discount_amount"); w.money(line.discountAmount, currency)
                w.key("net"); w.money(line.net, currency)
                w.key("tax"); w.money(line.tax, currency)
            }
        }
    }

    static func write(_ settings: InvoiceNumberingSettings, today: CalendarDate, into w: inout JSONWriter) {
        w.object { w in
            w.key("pattern"); w.string(settings.pattern.pattern)
            w.key("prefix"); w.string(settings.pattern.prefix)
            w.key("next_sequence_number"); w.int(Int(settings.nextSequenceNumber))
            w.key("example"); w.string(settings.pattern.format(sequence: settings.nextSequenceNumber, issueDate: today))
        }
    }

    static func write(_ payment: Payment, into w: inout JSONWriter) {
        let currency = payment.currency
        w.object { w in
            w.key("id"); w.id(payment.id)
            w.key("party_id"); w.id(payment.partyID)
            w.key("date"); w.date(payment.date)
            w.key("amount"); w.money(payment.amount, currency)
            w.key("currency"); w.string(currency.code)
            w.key("method"); w.string(payment.method.wireValue)
            w.key("reference"); w.optionalString(payment.reference)
            w.key("bank_account_id"); w.id(payment.bankAccountID)
            w.key("entry_id"); w.id(payment.entryID)
            w.key("reversed"); w.bool(payment.isReversed)
            w.key("reversal_entry_id"); w.optionalID(payment.reversalEntryID)
            w.key("reversed_on"); w.date(payment.reversedOn)
            w.key("created_at"); w.instant(payment.createdAt)
            w.key("allocations"); w.objects(payment.allocations) { w, allocation in
                w.key("invoice_id"); w.id(allocation.invoiceID)
                w.key("amount"); w.money(allocation.amount, currency)
            }
        }
    }
}
