import Domain
import Foundation
import HTTPServer
import Store

private typealias S = OpenAPISchemas

/// `/v1/tax-codes`: the tenant's tax codes (docs/invoicing.md, "Tax codes").
enum TaxCodeRoutes {
    private static let tag = "Tax codes"

    static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/tax-codes", id: "listTaxCodes", summary: "Tax codes, newest first", tag: tag,
            parameters: [.init("include_archived", in: .query, schema: #"{"type":"boolean"}"#)],
            response: "TaxCodeList"),
        .create(
            "/v1/tax-codes", id: "createTaxCode",
            summary: "Create a tax code: rate, category and the accounts its tax goes to", tag: tag,
            request: "TaxCodeInput", response: "TaxCode"),
        .read("/v1/tax-codes/:id", id: "getTaxCode", summary: "One tax code", tag: tag, response: "TaxCode"),
        OpenAPIOperation(
            "PATCH", "/v1/tax-codes/:id", id: "updateTaxCode",
            summary: "Change a tax code; a used code keeps its rate, category and accounts", tag: tag,
            parameters: [.id], request: "TaxCodeChanges", response: "TaxCode",
            errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/tax-codes/:id/archive", id: "archiveTaxCode", summary: "Archive a tax code (no new documents)",
            tag: tag, parameters: [.id], response: "TaxCode", errors: [400, 404, 415]),
        OpenAPIOperation(
            "POST", "/v1/tax-codes/:id/unarchive", id: "unarchiveTaxCode", summary: "Restore an archived tax code",
            tag: tag, parameters: [.id], response: "TaxCode", errors: [400, 404, 415]),
    ]

    /// A rate of 0 as the `Percent` schema spells it.
    private static let zeroRate = #"^0(\\.0+)?$"#

    static let schemas: [String: String] = [
        "TaxCodeInput": #"""
            {"type":"object","additionalProperties":false,"required":["code","name","rate","category"],"properties":{
             "code":{"type":"string","pattern":"\#(TaxCodeRules.codePattern)","description":"Unique within the tenant, case-insensitively"},
             "name":\#(S.text(maxLength: 200)),
             "rate":{"$ref":"#/components/schemas/Percent"},
             "category":\#(S.enumeration(TaxCodeCategory.self)),
             "exemption_reason":\#(S.text(maxLength: 500, nullable: true)),
             "payable_account_id":{"type":["string","null"],"format":"uuid","description":"Sales tax; default: tax payable"},
             "receivable_account_id":{"type":["string","null"],"format":"uuid","description":"Input tax on expenses; default: the payable account"}},
             "description":"standard and reduced take a rate above 0, every other category 0; exempt, reverse_charge and out_of_scope need exemption_reason (EN 16931 BT-120)",
             "allOf":[
              {"if":{"properties":{"category":{"enum":["standard","reduced"]}}},
               "then":{"properties":{"rate":{"not":{"pattern":"\#(zeroRate)"}}}},
               "else":{"properties":{"rate":{"pattern":"\#(zeroRate)"}}}},
              {"if":{"properties":{"category":{"enum":["exempt","reverse_charge","out_of_scope"]}}},
               "then":{"required":["exemption_reason"],"properties":{"exemption_reason":{"type":"string"}}}}]}
            """#,
        "TaxCodeChanges": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "name":\#(S.text(maxLength: 200)),
             "rate":{"$ref":"#/components/schemas/Percent"},
             "category":\#(S.enumeration(TaxCodeCategory.self)),
             "exemption_reason":\#(S.text(maxLength: 500, nullable: true)),
             "payable_account_id":{"type":"string","format":"uuid"},
             "receivable_account_id":{"type":"string","format":"uuid"}},
             "description":"Only the fields given change; rate, category and accounts only while no document names the code"}
            """#,
        "TaxCode": #"""
            {"type":"object","required":["id","code","name","rate","category","payable_account_id","receivable_account_id","archived","used"],
             "properties":{"id":{"type":"string","format":"uuid"},"code":{"type":"string"},"name":{"type":"string"},
             "rate":{"type":"string"},"category":\#(S.enumeration(TaxCodeCategory.self)),
             "vat_category_code":{"type":"string","enum":["S","Z","E","AE","O"],"description":"EN 16931 (UNTDID 5305)"},
             "exemption_reason":{"type":["string","null"]},"payable_account_id":{"type":"string"},
             "receivable_account_id":{"type":"string"},"archived":{"type":"boolean"},
             "used":{"type":"boolean","description":"Named by a document: rate, category and accounts are fixed"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "TaxCodeList": OpenAPISchemas.page(of: "TaxCode"),
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        // Read-only: one plain SELECT (the reports benchmark's floor is this request: docs/benchmarks.md).
        router.get("/v1/tax-codes", environment.pageHandler(readOnly: true, write) { r in
            try TaxCodeRepository(r.connection).list(
                includeArchived: try QueryParameters.bool(r.request, "include_archived"), page: try QueryParameters.page(r.request))
        })
        router.post("/v1/tax-codes", environment.recordHandler(status: .created, write) { r in
            let body = try RequestBody(r.request)
            let reader = body.reader
            let draft = TaxCodeDraft(
                code: reader.string("code"), name: reader.string("name"), rate: reader.exactDecimal("rate"),
                category: reader.enumValue("category", TaxCodeCategory.self) ?? .standard,
                exemptionReason: reader.optionalString("exemption_reason"),
                payableAccountID: reader.optionalUUID("payable_account_id"),
                receivableAccountID: reader.optionalUUID("receivable_account_id"))
            try body.finish()
            return try TaxCodeRepository(r.connection).create(draft)
        })
        router.get("/v1/tax-codes/:id", environment.recordHandler(write, id: "tax code") { r, id in
            try TaxCodeRepository(r.connection).get(id)
        })
        router.patch("/v1/tax-codes/:id", environment.recordHandler(write, id: "tax code") { r, id in
            let body = try RequestBody(r.request)
            let reader = body.reader
            let changes = TaxCodeChanges(
                name: reader.contains("name") ? reader.string("name") : nil,
                rate: reader.contains("rate") ? reader.exactDecimal("rate") : nil,
                category: reader.contains("category") ? reader.enumValue("category", TaxCodeCategory.self) : nil,
                exemptionReason: reader.contains("exemption_reason") ? .some(reader.optionalString("exemption_reason")) : nil,
                payableAccountID: reader.contains("payable_account_id") ? reader.uuid("payable_account_id") : nil,
                receivableAccountID: reader.contains("receivable_account_id") ? reader.uuid("receivable_account_id") : nil)
            try body.finish()
            return try TaxCodeRepository(r.connection).update(id, changes)
        })
        for (action, archived) in [("archive", true), ("unarchive", false)] {
            router.post("/v1/tax-codes/:id/\(action)", environment.recordHandler(write) { r in
                try RequestBody(r.request).finish()  // no fields: a body must be empty or {}
                return try TaxCodeRepository(r.connection).setArchived(
                    try QueryParameters.id(r.request, "tax code"), archived)
            })
        }
    }

    static func write(_ code: TaxCode, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(code.id)
            w.key("code"); w.string(code.code)
            w.key("name"); w.string(code.name)
            w.key("rate"); w.plainDecimal(code.rate)
            w.key("category"); w.string(code.category.wireValue)
            w.key("vat_category_code"); w.string(code.category.documentCategory.rawValue)
            w.key("exemption_reason"); w.optionalString(code.exemptionReason)
            w.key("payable_account_id"); w.id(code.payableAccountID)
            w.key("receivable_account_id"); w.id(code.receivableAccountID)
            w.key("archived"); w.bool(code.archivedAt != nil)
            w.key("used"); w.bool(code.isUsed)
            w.key("created_at"); w.instant(code.createdAt)
            w.key("updated_at"); w.instant(code.updatedAt)
        }
    }
}
