import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/bank-rules` ("description contains X → account Y") and `POST /v1/bank-accounts/{id}/auto-reconcile`.
enum BankRuleRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/v1/bank-rules", id: "listBankRules", summary: "Bank rules, in the order they are tried (at most 200)",
            tag: "Banking", parameters: [.init("bank_account_id", in: .query, schema: #"{"type":"string","format":"uuid"}"#, description: "Only the rules that apply to this bank account")],
            response: "BankRuleList", errors: [422]),
        .create(
            "/v1/bank-rules", id: "createBankRule", summary: "Add a rule: lines whose description contains the text go to the account (and name the party, if given)",
            tag: "Banking", request: "BankRuleInput", response: "BankRule"),
        OpenAPIOperation(
            "DELETE", "/v1/bank-rules/:id", id: "deleteBankRule", summary: "Delete a rule (lines it reconciled stay so)",
            tag: "Banking", parameters: [.id], status: 204, errors: [404]),
        OpenAPIOperation(
            "POST", "/v1/bank-accounts/:id/auto-reconcile", id: "autoReconcileBankLines",
            summary: "Reconcile the oldest 100,000 unreconciled lines (set-based) by rule, or to the single confident exact-amount invoice match",
            tag: "Banking", parameters: [.id], request: "AutoReconcileInput", requestRequired: false,
            response: "AutoReconcileResult", errors: [400, 404, 415, 422]),
    ]

    static let schemas: [String: String] = [
        "BankRule": #"""
            {"type":"object","additionalProperties":false,"required":["id","bank_account_id","description_contains","account_id","memo","party_id","created_at"],
             "properties":{"id":{"type":"string","format":"uuid"},"bank_account_id":{"type":["string","null"],"format":"uuid"},
             "description_contains":{"type":"string"},"account_id":{"type":"string","format":"uuid"},"memo":{"type":["string","null"]},
             "party_id":{"type":["string","null"],"format":"uuid","description":"The party named on the entry's lines"},
             "created_at":{"type":"string","format":"date-time"}}}
            """#,
        "BankRuleInput": #"""
            {"type":"object","additionalProperties":false,"required":["description_contains","account_id"],"properties":{
             "bank_account_id":{"type":["string","null"],"format":"uuid","description":"null: every bank account"},
             "description_contains":\#(OpenAPISchemas.text(maxLength: 100)),
             "account_id":{"type":"string","format":"uuid"},"memo":\#(OpenAPISchemas.text(maxLength: 200, nullable: true)),
             "party_id":{"type":["string","null"],"format":"uuid","description":"An active party, named on the lines of the entries the rule posts (the bank as vendor for its fees, say); null: none"}}}
            """#,
        "BankRuleList": #"""
            {"type":"object","additionalProperties":false,"required":["data"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/BankRule"}}}}
            """#,
        "AutoReconcileInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "min_score":{"type":["integer","null"],"minimum":1,"maximum":100,"description":"The confidence a match needs (suggestion score) for this run; default: the bank account's auto_reconcile_min_score"}}}
            """#,
        "AutoReconcileResult": #"""
            {"type":"object","additionalProperties":false,"required":["by_rule","by_match","remaining"],"properties":{
             "by_rule":{"type":"integer"},"by_match":{"type":"integer"},
             "remaining":{"type":"integer","description":"Lines looked at and left for a person"}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/bank-rules", environment.listHandler({ write($0, into: &$1) }) { r in
            try BankRuleRepository(r.connection).list(bankAccountID: try QueryParameters.uuid(r.request, "bank_account_id"))
        })
        router.post("/v1/bank-rules", environment.recordHandler(status: .created, { write($0, into: &$1) }) { r in
            let body = try RequestBody(r.request)
            let bankAccount = body.reader.optionalUUID("bank_account_id")
            let text = body.reader.string("description_contains")
            let account = body.reader.uuid("account_id")
            let memo = body.reader.optionalString("memo")
            let party = body.reader.optionalUUID("party_id")
            try body.finish()
            return try BankRuleRepository(r.connection).create(
                bankAccountID: bankAccount, descriptionContains: text, accountID: account, memo: memo, partyID: party)
        })
        router.delete("/v1/bank-rules/:id", environment.deleteHandler(id: "bank rule") { r, id in
            try BankRuleRepository(r.connection).delete(id)
        })
        router.post("/v1/bank-accounts/:id/auto-reconcile", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "bank account")
            let body = try RequestBody(r.request)
            let minimum = body.reader.optionalInt("min_score", in: BankAccountDraft.autoReconcileScores)
            try body.finish()
            let lanes = environment.autoReconcileLanes, tenant = r.tenant
            let writers = lanes > 1
                ? ChunkWriters(lanes: lanes, linesPerChunk: environment.autoReconcileChunkLines) { body in
                    try environment.tenants.transaction(tenant, statementTimeout: environment.tenants.statementTimeout) { try body($0) }
                } : nil
            let result = try BankRuleRepository(r.connection).autoReconcile(bankAccountID: id, minimumScore: minimum, writers: writers)
            return Response.json { w in
                w.object { w in
                    w.key("by_rule"); w.int(result.byRule)
                    w.key("by_match"); w.int(result.byMatch)
                    w.key("remaining"); w.int(result.remaining)
                }
            }
        })
    }

    static func write(_ rule: BankRule, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(rule.id)
            w.key("bank_account_id"); w.optionalID(rule.bankAccountID)
            w.key("description_contains"); w.string(rule.descriptionContains)
            w.key("account_id"); w.id(rule.accountID)
            w.key("memo"); w.optionalString(rule.memo)
            w.key("party_id"); w.optionalID(rule.partyID)
            w.key("created_at"); w.instant(rule.createdAt)
        }
    }
}
