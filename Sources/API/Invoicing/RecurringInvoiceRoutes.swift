import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-invoices`: recurring invoice setups (MixERP setups, Initiative templates) under the shared
/// recurring routes, plus a draft's dry-run preview, a setup from an item's template, and deleting one that never
/// posted. Posting is the EOD's (`POST /v1/eod-runs`).
private typealias S = OpenAPISchemas

enum RecurringInvoiceRoutes {
    static let resource = RecurringTemplateResource<RecurringInvoiceKind>(
        path: "/v1/recurring-invoices", noun: "RecurringInvoice", tag: "Recurring invoices", read: read, write: write)

    static var operations: [OpenAPIOperation] {
        resource.operations + [
            OpenAPIOperation(
                "POST", "/v1/recurring-invoices/preview", id: "previewRecurringInvoiceDraft",
                summary: "The postings a setup would make, without saving it (a dry run)", tag: resource.tag,
                parameters: [RecurringTemplateRoutes.countParameter], request: "RecurringInvoiceInput",
                response: "RecurringPreview", errors: [400, 415, 422]),
            .create(
                "/v1/recurring-invoices/from-template", id: "createRecurringInvoiceFromTemplate",
                summary: "Link an item's recurring template to a party (templates not triggered on sales)",
                tag: resource.tag, request: "RecurringInvoiceFromTemplateInput", response: "RecurringInvoice"),
            OpenAPIOperation(
                "DELETE", "/v1/recurring-invoices/:id", id: "deleteRecurringInvoice",
                summary: "Delete a setup that never posted (end one that did)", tag: resource.tag,
                parameters: [.id], status: 204, errors: [404, 409]),
        ]
    }

    static let schemas = resource.schemas(
        inputRequired: ["party_id", "mode", "statement_reference"],
        input: #"""
            "party_id":{"type":"string","format":"uuid"},
            "item_id":{"type":["string","null"],"format":"uuid","description":"The item whose template it follows"},
            "mode":{"type":"string","enum":["products","amount"]},
            "lines":{"type":"array","minItems":1,"description":"mode products","items":{"type":"object","additionalProperties":false,
             "required":["item_id"],"properties":{"item_id":{"type":"string","format":"uuid"},
             "description":\#(S.text(maxLength: 500, nullable: true)),
             "quantity":\#(S.ref("PositiveAmount", nullable: true)),"unit_price":\#(S.ref("Amount", nullable: true)),
             "tax_rate":\#(S.ref("Percent", nullable: true)),
             "tax_code_id":{"type":["string","null"],"format":"uuid","description":"Instead of tax_rate: the code's rate is copied, its account takes the tax"},
             "campaign":\#(S.text(maxLength: 100, nullable: true))},
             "not":{"required":["tax_code_id","tax_rate"],"properties":{"tax_code_id":{"type":"string"},"tax_rate":{"type":"string"}}}}},
            "amount":{"$ref":"#/components/schemas/PositiveAmount","description":"mode amount"},
            "description":\#(S.text(maxLength: 500)),
            "tax_rate":\#(S.ref("Percent", nullable: true)),
            "tax_code_id":{"type":["string","null"],"format":"uuid","description":"mode amount, instead of tax_rate: the code's rate is copied, its payable account takes the tax"},
            "income_account_id":{"type":["string","null"],"format":"uuid","description":"The mapped account"},
            "discount":\#(S.ref("Discount", nullable: true)),
            "payment_terms_days":{"type":["integer","null"],"minimum":0,"maximum":3650},
            "statement_reference":\#(S.statementReference()),
            "prices_include_tax":{"type":"boolean","default":false,"description":"Unit prices (or the amount) include tax; the net is derived"}
            """#,
        extra: #"""
            ,"description":"mode products takes lines (at least one); mode amount takes amount, description and optionally tax_rate or tax_code_id",
             "oneOf":[{"properties":{"mode":{"const":"products"},"amount":false,"description":false,"tax_rate":false,"tax_code_id":false},"required":["lines"]},
              {"properties":{"mode":{"const":"amount"},"lines":false},"required":["amount","description"],
               "not":{"required":["tax_code_id","tax_rate"],"properties":{"tax_code_id":{"type":"string"},"tax_rate":{"type":"string"}}}}]
            """#,
        outputRequired: ["party_id", "mode", "currency", "statement_reference"],
        output: #"""
            "party_id":{"type":"string"},"item_id":{"type":["string","null"]},
            "sales_order_id":{"type":["string","null"]},"source_invoice_id":{"type":["string","null"],"description":"The plain invoice that created it (auto-trigger)"},"mode":{"type":"string","enum":["products","amount"]},
            "lines":{"type":"array","items":{"type":"object","properties":{"item_id":{"type":"string"},
             "description":{"type":["string","null"]},"quantity":{"type":"string"},"unit_price":{"type":["string","null"]},
             "tax_rate":{"type":["string","null"]},"tax_code_id":{"type":["string","null"]},"campaign":{"type":["string","null"]}}}},
            "amount":{"type":["string","null"]},
            "description":{"type":["string","null"]},"tax_rate":{"type":["string","null"],"description":"mode amount: percent"},
            "tax_code_id":{"type":["string","null"],"description":"mode amount: the tax code (tax_rate is its rate)"},
            "income_account_id":{"type":["string","null"]},
            "discount":{"oneOf":[{"$ref":"#/components/schemas/Discount"},{"type":"null"}]},
            "payment_terms_days":{"type":"integer"},"currency":{"type":"string"},"statement_reference":{"type":"string"},
            "prices_include_tax":{"type":"boolean"}
            """#
    ).merging([
        "RecurringInvoiceFromTemplateInput": #"""
            {"type":"object","additionalProperties":false,"required":["item_id","party_id"],"properties":{
             "item_id":{"type":"string","format":"uuid"},"party_id":{"type":"string","format":"uuid"},
             "start_date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "quantity":\#(S.ref("PositiveAmount", nullable: true)),"unit_price":\#(S.ref("Amount", nullable: true)),
             "tax_rate":\#(S.ref("Percent", nullable: true))}}
            """#,
    ]) { first, _ in first }

    static func register(on router: inout Router, environment: APIEnvironment) {
        RecurringTemplateRoutes.register(resource, on: &router, environment: environment)
        router.post("/v1/recurring-invoices/preview", environment.recordHandler(RecurringTemplateRoutes.write) { r in
            let (draft, _) = try RecurringTemplateRoutes.input(r.request, resource)
            return try RecurringInvoiceSetupRepository(r.connection).preview(
                draft, count: try RecurringTemplateRoutes.previewCount(r.request), context: r.tenant.scheduleContext)
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
            return Response.json(status: .created) { RecurringTemplateRoutes.write(setup, resource, into: &$0) }
        })
        router.delete("/v1/recurring-invoices/:id", environment.deleteHandler(id: resource.resource) { r, id in
            try RecurringInvoiceSetupRepository(r.connection).delete(id)
        })
    }

    /// A setup's payload: by products (`lines`) or by amount.
    @Sendable static func read(_ r: JSONObjectReader) -> @Sendable (Schedule) -> RecurringInvoiceSetupDraft {
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
                        taxRate: line.optionalExactDecimal("tax_rate"), taxCodeID: line.optionalUUID("tax_code_id"),
                        campaign: line.optionalString("campaign"))
                })
        case "amount":
            content = .amount(
                r.exactDecimal("amount"), description: r.string("description"), taxRate: r.optionalExactDecimal("tax_rate"),
                taxCodeID: r.optionalUUID("tax_code_id"))
        default:
            if r.contains("mode") { r.addError("mode", "must be products or amount") }
        }
        let incomeAccount = r.optionalUUID("income_account_id")
        let discount = r.optionalDiscount("discount")
        let terms = r.optionalInt("payment_terms_days")
        let reference = r.string("statement_reference")
        let inclusive = r.optionalBool("prices_include_tax") ?? false
        return { [content] schedule in
            RecurringInvoiceSetupDraft(
                partyID: party, itemID: item, content: content, incomeAccountID: incomeAccount, discount: discount,
                paymentTermsDays: terms, statementReference: reference, schedule: schedule, pricesIncludeTax: inclusive)
        }
    }

    /// A setup's payload fields.
    @Sendable static func write(_ setup: RecurringInvoiceSetup, into w: inout JSONWriter) {
        let currency = setup.currency
        w.key("party_id"); w.id(setup.partyID)
        w.key("item_id"); w.optionalID(setup.itemID)
        w.key("sales_order_id"); w.optionalID(setup.salesOrderID)
        w.key("source_invoice_id"); w.optionalID(setup.sourceInvoiceID)
        switch setup.content {
        case .products(let lines):
            w.key("mode"); w.string("products")
            w.key("lines"); w.objects(lines) { w, line in
                w.key("item_id"); w.id(line.itemID)
                w.key("description"); w.optionalString(line.description)
                w.key("quantity"); w.plainDecimal(line.quantity)
                w.key("unit_price")
                if let price = line.unitPrice { w.price(price, currency) } else { w.null() }
                w.key("tax_rate"); w.plainDecimal(line.taxRate)
                w.key("tax_code_id"); w.optionalID(line.taxCodeID)
                w.key("campaign"); w.optionalString(line.campaign)
            }
            w.key("amount"); w.null()
            w.key("description"); w.null()
            w.key("tax_rate"); w.null()
            w.key("tax_code_id"); w.null()
        case .amount(let amount, let description, let taxRate, let taxCodeID):
            w.key("mode"); w.string("amount")
            w.key("lines"); w.array { _ in }
            w.key("amount"); w.money(amount, currency)
            w.key("description"); w.string(description)
            w.key("tax_rate"); w.plainDecimal(taxRate)
            w.key("tax_code_id"); w.optionalID(taxCodeID)
        }
        w.key("income_account_id"); w.optionalID(setup.incomeAccountID)
        w.key("discount"); w.discount(setup.discount, currency)
        w.key("payment_terms_days"); w.int(setup.paymentTermsDays)
        w.key("currency"); w.string(currency.code)
        w.key("statement_reference"); w.string(setup.statementReference)
        w.key("prices_include_tax"); w.bool(setup.pricesIncludeTax)
    }
}
