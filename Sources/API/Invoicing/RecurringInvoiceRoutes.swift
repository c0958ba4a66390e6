import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-invoices`: recurring invoice setups (MixERP setups, Initiative templates), their preview, stop
/// and resume. Posting is the EOD's (`POST /v1/eod-runs`).
private typealias S = OpenAPISchemas

enum RecurringInvoiceRoutes {
    static let countParameter = OpenAPIOperation.Parameter(
        "count", in: .query, schema: #"{"type":"integer","minimum":1,"maximum":100,"default":12}"#)

    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/v1/recurring-invoices", id: "listRecurringInvoices", summary: "Recurring invoice setups, newest first",
            tag: "Recurring invoices",
            parameters: [
                .init("party_id", in: .query, schema: #"{"type":"string","format":"uuid"}"#),
                .init("active", in: .query, schema: #"{"type":"boolean"}"#, description: "Only active setups"),
            ] + MasterDataRoutes.pageParameters, response: "RecurringInvoiceList", errors: [422]),
        OpenAPIOperation(
            "POST", "/v1/recurring-invoices", id: "createRecurringInvoice",
            summary: "Create a setup: by products or by amount, on a schedule", tag: "Recurring invoices",
            request: "RecurringInvoiceInput", status: 201, response: "RecurringInvoice", errors: [400, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/recurring-invoices/preview", id: "previewRecurringInvoiceDraft",
            summary: "The postings a setup would make, without saving it (a dry run)", tag: "Recurring invoices",
            parameters: [countParameter], request: "RecurringInvoiceInput", response: "RecurringInvoicePreview",
            errors: [400, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/recurring-invoices/from-template", id: "createRecurringInvoiceFromTemplate",
            summary: "Link an item's recurring template to a party (templates not triggered on sales)",
            tag: "Recurring invoices", request: "RecurringInvoiceFromTemplateInput", status: 201,
            response: "RecurringInvoice", errors: [400, 415, 422]),
        OpenAPIOperation(
            "GET", "/v1/recurring-invoices/:id", id: "getRecurringInvoice", summary: "One setup with its cursor",
            tag: "Recurring invoices", parameters: [.init("id", in: .path)], response: "RecurringInvoice", errors: [404]),
        OpenAPIOperation(
            "PUT", "/v1/recurring-invoices/:id", id: "updateRecurringInvoice",
            summary: "Replace a setup (party and schedule are fixed once an occurrence is posted)",
            tag: "Recurring invoices", parameters: [.init("id", in: .path)], request: "RecurringInvoiceInput",
            response: "RecurringInvoice", errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "DELETE", "/v1/recurring-invoices/:id", id: "deleteRecurringInvoice",
            summary: "Delete a setup that never posted (stop one that did)", tag: "Recurring invoices",
            parameters: [.init("id", in: .path)], status: 204, errors: [404, 409]),
        OpenAPIOperation(
            "GET", "/v1/recurring-invoices/:id/preview", id: "previewRecurringInvoice",
            summary: "The next postings: dates, amounts, expanded statement references (writes nothing)",
            tag: "Recurring invoices", parameters: [.init("id", in: .path), countParameter],
            response: "RecurringInvoicePreview", errors: [404, 422]),
        OpenAPIOperation(
            "POST", "/v1/recurring-invoices/:id/stop", id: "stopRecurringInvoice", summary: "Stop (is active off)",
            tag: "Recurring invoices", parameters: [.init("id", in: .path)], response: "RecurringInvoice", errors: [404]),
        OpenAPIOperation(
            "POST", "/v1/recurring-invoices/:id/resume", id: "resumeRecurringInvoice",
            summary: "Resume; occurrences missed while stopped are skipped unless catch_up is true",
            tag: "Recurring invoices", parameters: [.init("id", in: .path)], request: "ResumeInput", requestRequired: false,
            response: "RecurringInvoice", errors: [404, 422]),
    ]

    static let schemas: [String: String] = [
        "RecurringInvoiceInput": #"""
            {"type":"object","additionalProperties":false,"required":["party_id","mode","statement_reference","schedule"],
             "properties":{"party_id":{"type":"string","format":"uuid"},
             "item_id":{"type":["string","null"],"format":"uuid","description":"The item whose template it follows"},
             "mode":{"type":"string","enum":["products","amount"]},
             "lines":{"type":"array","minItems":1,"description":"mode products","items":{"type":"object","additionalProperties":false,
              "required":["item_id"],"properties":{"item_id":{"type":"string","format":"uuid"},
              "description":\#(S.text(maxLength: 500, nullable: true)),
              "quantity":\#(S.ref("PositiveAmount", nullable: true)),"unit_price":\#(S.ref("Amount", nullable: true)),
              "tax_rate":\#(S.ref("Percent", nullable: true))}}},
             "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"mode amount"},
             "description":\#(S.text(maxLength: 500)),
             "income_account_id":{"type":["string","null"],"format":"uuid","description":"The mapped account"},
             "discount":\#(S.ref("Discount", nullable: true)),
             "payment_terms_days":{"type":["integer","null"],"minimum":0,"maximum":3650},
             "statement_reference":\#(S.statementReference()),
             "schedule":{"$ref":"#/components/schemas/Schedule"},"is_active":{"type":["boolean","null"],"default":true}},
             "description":"mode products takes lines (at least one); mode amount takes amount and description",
             "oneOf":[{"properties":{"mode":{"const":"products"},"amount":false,"description":false},"required":["lines"]},
              {"properties":{"mode":{"const":"amount"},"lines":false},"required":["amount","description"]}]}
            """#,
        "RecurringInvoiceFromTemplateInput": #"""
            {"type":"object","additionalProperties":false,"required":["item_id","party_id"],"properties":{
             "item_id":{"type":"string","format":"uuid"},"party_id":{"type":"string","format":"uuid"},
             "start_date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "quantity":\#(S.ref("PositiveAmount", nullable: true)),"unit_price":\#(S.ref("Amount", nullable: true)),
             "tax_rate":\#(S.ref("Percent", nullable: true))}}
            """#,
        "ResumeInput": #"""
            {"type":"object","additionalProperties":false,"properties":{"catch_up":{"type":["boolean","null"],"default":false}}}
            """#,
        "RecurringInvoice": #"""
            {"type":"object","required":["id","party_id","mode","currency","statement_reference","schedule","is_active"],
             "properties":{"id":{"type":"string","format":"uuid"},"party_id":{"type":"string"},"item_id":{"type":["string","null"]},
             "sales_order_id":{"type":["string","null"]},"mode":{"type":"string","enum":["products","amount"]},
             "lines":{"type":"array","items":{"type":"object"}},"amount":{"type":["string","null"]},
             "description":{"type":["string","null"]},"income_account_id":{"type":["string","null"]},
             "discount":{"oneOf":[{"$ref":"#/components/schemas/Discount"},{"type":"null"}]},
             "payment_terms_days":{"type":"integer"},"currency":{"type":"string"},"statement_reference":{"type":"string"},
             "schedule":{"type":"object"},"is_active":{"type":"boolean"},"skip_through":{"type":["string","null"],"format":"date"},
             "last_posted_index":{"type":["integer","null"]},"last_posted_date":{"type":["string","null"],"format":"date"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "RecurringInvoiceList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/RecurringInvoice"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
        "RecurringInvoicePreview": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"type":"object",
             "required":["index","invoice_date","due_date","statement_reference","currency","subtotal","discount_total","tax_total","total"],
             "properties":{"index":{"type":"integer"},"invoice_date":{"type":"string","format":"date"},
             "due_date":{"type":"string","format":"date"},"period_start":{"type":"string","format":"date"},
             "period_end":{"type":"string","format":"date"},"statement_reference":{"type":"string"},"currency":{"type":"string"},
             "subtotal":{"type":"string"},"discount_total":{"type":"string"},"tax_total":{"type":"string"},"total":{"type":"string"}}}}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/recurring-invoices", environment.tenantHandler { r in
            let page = try RecurringInvoiceSetupRepository(r.connection).list(
                partyID: try QueryParameters.uuid(r.request, "party_id"), activeOnly: try QueryParameters.bool(r.request, "active"),
                page: try QueryParameters.page(r.request))
            return Response.json { $0.page(page) { w, setup in write(setup, into: &w) } }
        })
        router.post("/v1/recurring-invoices", environment.tenantHandler { r in
            let setup = try RecurringInvoiceSetupRepository(r.connection).create(try setupInput(r.request))
            return Response.json(status: .created) { write(setup, into: &$0) }
        })
        router.post("/v1/recurring-invoices/preview", environment.tenantHandler { r in
            let previews = try RecurringInvoiceSetupRepository(r.connection).preview(
                try setupInput(r.request), count: try count(r.request), context: r.tenant.scheduleContext)
            return Response.json { write(previews, into: &$0) }
        })
        router.post("/v1/recurring-invoices/from-template", environment.tenantHandler { r in
            let body = try RequestBody(r.request)
            let reader = body.reader
            let item = reader.uuid("item_id")
            let party = reader.uuid("party_id")
            let start = reader.optionalDate("start_date") ?? r.tenant.today()
            let quantity = reader.optionalExactDecimal("quantity") ?? 1
            let unitPrice = reader.optionalExactDecimal("unit_price")
            let taxRate = reader.optionalExactDecimal("tax_rate")
            try body.finish()
            let setup = try RecurringInvoiceSetupRepository(r.connection).create(
                fromTemplateOf: item, partyID: party, startingOn: start, quantity: quantity, unitPrice: unitPrice,
                taxRate: taxRate)
            return Response.json(status: .created) { write(setup, into: &$0) }
        })
        router.get("/v1/recurring-invoices/:id", environment.tenantHandler { r in
            let setup = try RecurringInvoiceSetupRepository(r.connection).get(try QueryParameters.id(r.request, "recurring invoice"))
            return Response.json { write(setup, into: &$0) }
        })
        router.put("/v1/recurring-invoices/:id", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "recurring invoice")
            let setup = try RecurringInvoiceSetupRepository(r.connection).update(id, try setupInput(r.request))
            return Response.json { write(setup, into: &$0) }
        })
        router.delete("/v1/recurring-invoices/:id", environment.tenantHandler { r in
            try RecurringInvoiceSetupRepository(r.connection).delete(try QueryParameters.id(r.request, "recurring invoice"))
            return .noContent
        })
        router.get("/v1/recurring-invoices/:id/preview", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "recurring invoice")
            let previews = try RecurringInvoiceSetupRepository(r.connection).preview(
                id, count: try count(r.request), context: r.tenant.scheduleContext)
            return Response.json { write(previews, into: &$0) }
        })
        router.post("/v1/recurring-invoices/:id/stop", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "recurring invoice")
            try RequestBody(r.request).finish()
            let setup = try RecurringInvoiceSetupRepository(r.connection).stop(id)
            return Response.json { write(setup, into: &$0) }
        })
        router.post("/v1/recurring-invoices/:id/resume", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "recurring invoice")
            let body = try RequestBody(r.request)
            let catchUp = body.reader.optionalBool("catch_up") ?? false
            try body.finish()
            let setup = try RecurringInvoiceSetupRepository(r.connection).resume(id, today: r.tenant.today(), catchUp: catchUp)
            return Response.json { write(setup, into: &$0) }
        })
    }

    static func count(_ request: Request) throws -> Int {
        guard let text = request.query("count") else { return 12 }
        guard let count = Int(text), (1...100).contains(count) else {
            throw Problem.validation([FieldError(pointer: "/count", detail: "must be an integer from 1 to 100")])
        }
        return count
    }

    static func setupInput(_ request: Request) throws -> RecurringInvoiceSetupDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let party = r.uuid("party_id")
        let item = r.optionalUUID("item_id")
        let mode = r.string("mode")
        var content = RecurringInvoiceContent.products([])
        switch mode {
        case "products":
            content = .products(
                r.array("lines") { line in
                    RecurringInvoiceLine(
                        itemID: line.uuid("item_id"), description: line.optionalString("description"),
                        quantity: line.optionalExactDecimal("quantity") ?? 1, unitPrice: line.optionalExactDecimal("unit_price"),
                        taxRate: line.optionalExactDecimal("tax_rate"))
                })
        case "amount":
            content = .amount(r.exactDecimal("amount"), description: r.string("description"))
        default:
            if r.contains("mode") { r.addError("mode", "must be products or amount") }
        }
        let incomeAccount = r.optionalUUID("income_account_id")
        let discount = r.optionalDiscount("discount")
        let terms = r.optionalInt("payment_terms_days")
        let reference = r.string("statement_reference")
        let active = r.optionalBool("is_active") ?? true
        let schedule = body.schedule("schedule", required: true)
        try body.finish()
        guard let schedule else { throw Problem.validation([FieldError(pointer: "/schedule", detail: "is required")]) }
        return RecurringInvoiceSetupDraft(
            partyID: party, itemID: item, content: content, incomeAccountID: incomeAccount, discount: discount,
            paymentTermsDays: terms, statementReference: reference, schedule: schedule, isActive: active)
    }

    static func write(_ setup: RecurringInvoiceSetup, into w: inout JSONWriter) {
        let currency = setup.currency
        w.object { w in
            w.key("id"); w.id(setup.id)
            w.key("party_id"); w.id(setup.partyID)
            w.key("item_id"); w.optionalID(setup.itemID)
            w.key("sales_order_id"); w.optionalID(setup.salesOrderID)
            switch setup.content {
            case .products(let lines):
                w.key("mode"); w.string("products")
                w.key("lines")
                w.array { w in
                    for line in lines {
                        w.object { w in
                            w.key("item_id"); w.id(line.itemID)
                            w.key("description"); w.optionalString(line.description)
                            w.key("quantity"); w.plainDecimal(line.quantity)
                            w.key("unit_price")
                            if let price = line.unitPrice { w.price(price, currency) } else { w.null() }
                            w.key("tax_rate"); w.plainDecimal(line.taxRate)
                        }
                    }
                }
                w.key("amount"); w.null()
                w.key("description"); w.null()
            case .amount(let amount, let description):
                w.key("mode"); w.string("amount")
                w.key("lines"); w.array { _ in }
                w.key("amount"); w.money(amount, currency)
                w.key("description"); w.string(description)
            }
            w.key("income_account_id"); w.optionalID(setup.incomeAccountID)
            w.key("discount"); w.discount(setup.discount, currency)
            w.key("payment_terms_days"); w.int(setup.paymentTermsDays)
            w.key("currency"); w.string(currency.code)
            w.key("statement_reference"); w.string(setup.statementReference)
            w.key("schedule"); w.raw(setup.schedule.json)
            w.key("is_active"); w.bool(setup.isActive)
            w.key("skip_through"); w.date(setup.skipThrough)
            w.key("last_posted_index")
            if let index = setup.lastPostedIndex { w.int(index) } else { w.null() }
            w.key("last_posted_date"); w.date(setup.lastPostedDate)
            w.key("created_at"); w.instant(setup.createdAt)
            w.key("updated_at"); w.instant(setup.updatedAt)
        }
    }

    static func write(_ previews: [RecurringInvoicePreview], into w: inout JSONWriter) {
        w.object { w in
            w.key("data")
            w.array { w in
                for preview in previews {
                    let currency = preview.currency
                    w.object { w in
                        w.key("index"); w.int(preview.occurrence.index)
                        w.key("invoice_date"); w.date(preview.invoiceDate)
                        w.key("due_date"); w.date(preview.dueDate)
                        w.key("period_start"); w.date(preview.occurrence.periodStart)
                        w.key("period_end"); w.date(preview.occurrence.periodEnd)
                        w.key("statement_reference"); w.string(preview.statementReference)
                        w.key("currency"); w.string(currency.code)
                        w.key("subtotal"); w.money(preview.amounts.subtotal, currency)
                        w.key("discount_total"); w.money(preview.amounts.discountTotal, currency)
                        w.key("tax_total"); w.money(preview.amounts.taxTotal, currency)
                        w.key("total"); w.money(preview.amounts.total, currency)
                    }
                }
            }
        }
    }
}
