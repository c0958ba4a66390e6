import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/sales-orders`: orders, and confirming one ("closed-won") into its invoice, follow-up task and recurring
/// invoices.
private typealias S = OpenAPISchemas

enum SalesOrderRoutes {
    static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/sales-orders", id: "listSalesOrders", summary: "Sales orders, newest first", tag: "Sales orders",
            parameters: [
                .init("status", in: .query, schema: S.enumeration(SalesOrderStatus.self)),
                .init("party_id", in: .query, schema: OpenAPISchemas.uuid()),
            ],
            response: "SalesOrderList"),
        .create(
            "/v1/sales-orders", id: "createSalesOrder", summary: "Create an open order", tag: "Sales orders",
            request: "SalesOrderInput", response: "SalesOrder"),
        .read(
            "/v1/sales-orders/:id", id: "getSalesOrder", summary: "One order", tag: "Sales orders",
            response: "SalesOrder"),
        OpenAPIOperation(
            "POST", "/v1/sales-orders/:id/confirm", id: "confirmSalesOrder",
            summary: "Win the order: issue its invoice, create the follow-up task and auto-triggered recurring invoices, in one transaction",
            tag: "Sales orders", parameters: [.id], request: "SalesOrderConfirmInput", requestRequired: false,
            response: "SalesOrderConfirmation", errors: [404, 409, 422]),
        OpenAPIOperation(
            "POST", "/v1/sales-orders/:id/close", id: "closeSalesOrder", summary: "Close an open order as lost or cancelled",
            tag: "Sales orders", parameters: [.id], request: "SalesOrderCloseInput",
            response: "SalesOrder", errors: [404, 409, 422]),
    ]

    /// The `lines` of an order's input (orders and recurring orders alike).
    static let linesInput = #"""
        {"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"required":["item_id"],
         "properties":{"item_id":{"type":"string","format":"uuid"},"description":\#(S.text(maxLength: 500, nullable: true)),
         "quantity":\#(S.ref("PositiveAmount", nullable: true)),"unit_price":\#(S.ref("Amount", nullable: true)),
         "discount":\#(S.ref("Discount", nullable: true)),"tax_rate":\#(S.ref("Percent", nullable: true)),
         "tax_code_id":{"type":["string","null"],"format":"uuid","description":"Instead of tax_rate: the code's rate is copied onto the line, and the order's invoice line names the code (its payable account takes the tax)"}},
         "not":{"required":["tax_code_id","tax_rate"],"properties":{"tax_code_id":{"type":"string"},"tax_rate":{"type":"string"}}}}}
        """#

    static let schemas: [String: String] = [
        "SalesOrderInput": #"""
            {"type":"object","additionalProperties":false,"required":["party_id","lines"],"properties":{
             "party_id":{"type":"string","format":"uuid"},
             "order_date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "reference":\#(S.text(maxLength: 200, nullable: true)),
             "payment_terms_days":{"type":["integer","null"],"minimum":0,"maximum":3650},
             "discount":\#(S.ref("Discount", nullable: true)),
             "lines":\#(linesInput)}}
            """#,
        "SalesOrder": #"""
            {"type":"object","required":["id","party_id","order_date","currency","status","lines"],"properties":{
             "id":{"type":"string","format":"uuid"},"party_id":{"type":"string"},"order_date":{"type":"string","format":"date"},
             "currency":{"type":"string"},"status":\#(S.enumeration(SalesOrderStatus.self)),
             "reference":{"type":["string","null"]},"payment_terms_days":{"type":"integer"},
             "discount":{"oneOf":[{"$ref":"#/components/schemas/Discount"},{"type":"null"}]},
             "lines":{"type":"array","items":{"type":"object"}},
             "recurring_sales_order_id":{"type":["string","null"],"description":"The recurring sales order that posted it"},
             "confirmed_on":{"type":["string","null"],"format":"date"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "SalesOrderList": OpenAPISchemas.page(of: "SalesOrder"),
        "SalesOrderConfirmInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "follow_up":{"type":["object","null"],"additionalProperties":false,"required":["title"],"properties":{
              "title":\#(S.text(maxLength: 200)),"due_date":{"type":["string","null"],"format":"date"}}}}}
            """#,
        "SalesOrderCloseInput": #"""
            {"type":"object","additionalProperties":false,"required":["status"],"properties":{
             "status":\#(S.enumeration([SalesOrderStatus.lost, .cancelled]))}}
            """#,
        "SalesOrderConfirmation": #"""
            {"type":"object","required":["order","invoice","task","recurring_invoices"],"properties":{
             "order":{"$ref":"#/components/schemas/SalesOrder"},"invoice":{"$ref":"#/components/schemas/Invoice"},
             "task":{"type":"object","required":["id","title","status"],"properties":{"id":{"type":"string"},
              "title":{"type":"string"},"due_date":{"type":["string","null"],"format":"date"},"status":{"type":"string"}}},
             "recurring_invoices":{"type":"array","items":{"$ref":"#/components/schemas/RecurringInvoice"}}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/sales-orders", environment.pageHandler(write) { r in
            try SalesOrderRepository(r.connection).list(
                status: try QueryParameters.enumValue(r.request, "status", SalesOrderStatus.self),
                partyID: try QueryParameters.uuid(r.request, "party_id"), page: try QueryParameters.page(r.request))
        })
        router.post("/v1/sales-orders", environment.recordHandler(status: .created, write) { r in
            try SalesOrderRepository(r.connection).create(try orderInput(r))
        })
        router.get("/v1/sales-orders/:id", environment.recordHandler(write, id: "sales order") { r, id in
            try SalesOrderRepository(r.connection).get(id)
        })
        router.post("/v1/sales-orders/:id/confirm", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "sales order")
            let body = try RequestBody(r.request)
            let date = body.reader.optionalDate("date") ?? r.tenant.today()
            let followUp = body.reader.optionalObject("follow_up") { o in
                FollowUpTaskDraft(title: o.string("title"), dueDate: o.optionalDate("due_date"))
            }
            try body.finish()
            let confirmation = try SalesOrderRepository(r.connection).confirm(id, on: date, followUp: followUp)
            try environment.documents().keepDocuments(of: .invoice(confirmation.invoice.id), tenant: r.tenant, on: r.connection)
            let today = r.tenant.today()
            return Response.json { w in
                w.object { w in
                    w.key("order"); write(confirmation.order, into: &w)
                    w.key("invoice"); InvoiceRoutes.write(confirmation.invoice, today: today, into: &w)
                    w.key("task")
                    w.object { w in
                        w.key("id"); w.id(confirmation.task.id)
                        w.key("title"); w.string(confirmation.task.title)
                        w.key("due_date"); w.date(confirmation.task.dueDate)
                        w.key("status"); w.string(confirmation.task.status)
                    }
                    w.key("recurring_invoices")
                    w.array { w in for setup in confirmation.setups { RecurringTemplateRoutes.write(setup, RecurringInvoiceRoutes.resource, into: &w) } }
                }
            }
        })
        router.post("/v1/sales-orders/:id/close", environment.recordHandler(write, id: "sales order") { r, id in
            let body = try RequestBody(r.request)
            let status = body.reader.enumValue("status", SalesOrderStatus.self)
            try body.finish()
            return try SalesOrderRepository(r.connection).close(id, as: status ?? .open)
        })
    }

    static func orderInput(_ r: TenantRequest) throws -> SalesOrderDraft {
        let body = try RequestBody(r.request)
        let reader = body.reader
        let party = reader.uuid("party_id")
        let date = reader.optionalDate("order_date") ?? r.tenant.today()
        let reference = reader.optionalString("reference")
        let terms = reader.optionalInt("payment_terms_days")
        let discount = reader.optionalDiscount("discount")
        let lines = lines(reader)
        try body.finish()
        return SalesOrderDraft(
            partyID: party, orderDate: date, reference: reference, paymentTermsDays: terms, discount: discount, lines: lines)
    }

    /// An order's `lines` as entered (orders and recurring orders alike).
    static func lines(_ reader: JSONObjectReader) -> [SalesOrderLineDraft] {
        reader.array("lines") { line in
            SalesOrderLineDraft(
                itemID: line.uuid("item_id"), description: line.optionalString("description"),
                quantity: line.optionalExactDecimal("quantity") ?? 1, unitPrice: line.optionalExactDecimal("unit_price"),
                discount: line.optionalDiscount("discount"), taxRate: line.optionalExactDecimal("tax_rate"),
                taxCodeID: line.optionalUUID("tax_code_id"))
        }
    }

    /// The resolved lines of an order or a recurring order.
    static func write(_ lines: [SalesOrderLine], _ currency: Currency, into w: inout JSONWriter) {
        w.objects(lines) { w, line in w.pricedLine(line, currency) }
    }

    static func write(_ order: SalesOrder, into w: inout JSONWriter) {
        let currency = order.currency
        w.object { w in
            w.key("id"); w.id(order.id)
            w.key("party_id"); w.id(order.partyID)
            w.key("order_date"); w.date(order.orderDate)
            w.key("currency"); w.string(currency.code)
            w.key("status"); w.string(order.status.wireValue)
            w.key("reference"); w.optionalString(order.reference)
            w.key("payment_terms_days"); w.int(order.paymentTermsDays)
            w.key("discount"); w.discount(order.discount, currency)
            w.key("lines"); write(order.lines, currency, into: &w)
            w.key("recurring_sales_order_id"); w.optionalID(order.recurringSalesOrderID)
            w.key("confirmed_on"); w.date(order.confirmedOn)
            w.key("created_at"); w.instant(order.createdAt)
            w.key("updated_at"); w.instant(order.updatedAt)
        }
    }
}
