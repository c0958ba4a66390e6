import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-sales-orders`: orders repeated on a schedule — each occurrence a won order with its invoice —
/// under the shared recurring routes.
private typealias S = OpenAPISchemas

enum RecurringSalesOrderRoutes {
    static let resource = RecurringTemplateResource<RecurringSalesOrderKind>(
        path: "/v1/recurring-sales-orders", noun: "RecurringSalesOrder", tag: "Recurring sales orders",
        read: { r in
            let party = r.uuid("party_id")
            let reference = r.optionalString("reference")
            let terms = r.optionalInt("payment_terms_days")
            let discount = r.optionalDiscount("discount")
            let lines = SalesOrderRoutes.lines(r)
            return { schedule in
                RecurringSalesOrderDraft(
                    partyID: party, reference: reference, paymentTermsDays: terms, discount: discount, lines: lines,
                    schedule: schedule)
            }
        },
        write: { template, w in
            w.key("party_id"); w.id(template.partyID)
            w.key("currency"); w.string(template.currency.code)
            w.key("reference"); w.optionalString(template.reference)
            w.key("payment_terms_days"); w.int(template.paymentTermsDays)
            w.key("discount"); w.discount(template.discount, template.currency)
            w.key("lines"); SalesOrderRoutes.write(template.lines, template.currency, into: &w)
            w.key("source_order_id"); w.optionalID(template.sourceOrderID)
        })

    static let schemas = resource.schemas(
        inputRequired: ["party_id", "lines"],
        input: #"""
            "party_id":{"type":"string","format":"uuid"},"reference":\#(S.text(maxLength: 200, nullable: true)),
            "payment_terms_days":{"type":["integer","null"],"minimum":0,"maximum":3650},
            "discount":\#(S.ref("Discount", nullable: true)),"lines":\#(SalesOrderRoutes.linesInput)
            """#,
        outputRequired: ["party_id", "currency", "lines"],
        output: #"""
            "party_id":{"type":"string"},"currency":{"type":"string"},"reference":{"type":["string","null"]},
            "payment_terms_days":{"type":"integer"},"discount":{"oneOf":[{"$ref":"#/components/schemas/Discount"},{"type":"null"}]},
            "lines":{"type":"array","items":{"type":"object"}},"source_order_id":{"type":["string","null"]}
            """#)
}
