import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/accounts` (the chart) and `/v1/journal-entries` (manual entries, reversals, trial balance).
private typealias S = OpenAPISchemas

enum LedgerRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/v1/accounts", id: "listAccounts", summary: "The chart of accounts, by code", tag: "Ledger",
            parameters: [.init("include_archived", in: .query, schema: #"{"type":"boolean"}"#)], response: "AccountList",
            errors: [422]),
        .create(
            "/v1/accounts", id: "createAccount", summary: "Add an account", tag: "Ledger", request: "AccountInput",
            response: "Account"),
        .read("/v1/accounts/:id", id: "getAccount", summary: "One account", tag: "Ledger", response: "Account"),
        OpenAPIOperation(
            "PUT", "/v1/accounts/:id", id: "updateAccount",
            summary: "Replace code, name and type (a system account or one with postings keeps its type)", tag: "Ledger",
            parameters: [.id], request: "AccountInput", response: "Account",
            errors: [400, 404, 409, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/accounts/:id/archive", id: "archiveAccount", summary: "Archive an account (no new postings)",
            tag: "Ledger", parameters: [.id], response: "Account", errors: [404, 409]),
        OpenAPIOperation(
            "POST", "/v1/accounts/:id/unarchive", id: "unarchiveAccount", summary: "Restore an archived account",
            tag: "Ledger", parameters: [.id], response: "Account", errors: [404]),
        OpenAPIOperation(
            "DELETE", "/v1/accounts/:id", id: "deleteAccount", summary: "Delete an unused account (archive a used one)",
            tag: "Ledger", parameters: [.id], status: 204, errors: [404, 409]),
        .list(
            "/v1/journal-entries", id: "listJournalEntries", summary: "Journal entries and their lines, newest first",
            tag: "Ledger",
            parameters: [
                .init("from", in: .query, schema: OpenAPISchemas.date(), description: "Entry date on or after"),
                .init("to", in: .query, schema: OpenAPISchemas.date(), description: "Entry date on or before"),
                .init(
                "account_id", in: .query, schema: OpenAPISchemas.uuid(),
                description: "Only entries with a line on this account"),
            ],
            response: "JournalEntryList"),
        .create(
            "/v1/journal-entries", id: "createJournalEntry", summary: "Post a balanced manual entry", tag: "Ledger",
            request: "JournalEntryInput", response: "JournalEntry"),
        .read(
            "/v1/journal-entries/:id", id: "getJournalEntry", summary: "One journal entry and its lines", tag: "Ledger",
            response: "JournalEntry"),
        OpenAPIOperation(
            "POST", "/v1/journal-entries/:id/reverse", id: "reverseJournalEntry",
            summary: "Post the reversing entry (entries are never edited)", tag: "Ledger",
            parameters: [.id], request: "DatedAction", requestRequired: false, status: 201,
            response: "JournalEntry",
            errors: [404, 409, 422]),
        .report(
            "/v1/ledger/balances", id: "listAccountBalances",
            summary: "Σ debit and Σ credit per account and currency, of the lines dated on or before `as_of` (default: every line); CSV with `?format=csv` or `Accept: text/csv`",
            tag: "Ledger",
            parameters: [
                .init("as_of", in: .query, schema: OpenAPISchemas.date(), description: "Default: every line"),
            ], response: "AccountBalanceList"),
    ]

    static let schemas: [String: String] = [
        "Account": #"""
            {"type":"object","required":["id","code","name","type","role","archived","created_at","updated_at"],"properties":{
             "id":{"type":"string","format":"uuid"},"code":{"type":"string"},"name":{"type":"string"},
             "type":\#(S.enumeration(AccountType.self)),"role":\#(S.enumeration(AccountRole.self, nullable: true)),
             "archived":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},
             "updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "AccountInput": #"""
            {"type":"object","additionalProperties":false,"required":["code","name","type"],"properties":{
             "code":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$"},"name":\#(S.text(maxLength: 200)),
             "type":\#(S.enumeration(AccountType.self))}}
            """#,
        "AccountList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Account"}}}}
            """#,
        "JournalEntryInput": #"""
            {"type":"object","additionalProperties":false,"required":["lines"],"properties":{
             "date":\#(S.date(nullable: true)),"currency":\#(S.currency(nullable: true)),
             "memo":\#(S.text(maxLength: 500, nullable: true)),
             "lines":{"type":"array","minItems":2,"items":{"type":"object","additionalProperties":false,
              "required":["account_id"],"properties":{"account_id":{"type":"string","format":"uuid"},
              "debit":\#(S.ref("PositiveAmount", nullable: true)),"credit":\#(S.ref("PositiveAmount", nullable: true)),
              "party_id":\#(S.uuid(nullable: true)),"memo":\#(S.text(maxLength: 500, nullable: true))},
              "description":"Exactly one of debit and credit",
              "oneOf":[{"required":["debit"],"properties":{"debit":{"type":"string"}}},
               {"required":["credit"],"properties":{"credit":{"type":"string"}}}]}}}}
            """#,
        "JournalEntry": #"""
            {"type":"object","required":["id","entry_number","date","currency","source_type","lines"],"properties":{
             "id":{"type":"string","format":"uuid"},"entry_number":{"type":"integer"},"date":{"type":"string","format":"date"},
             "currency":{"type":"string"},"memo":{"type":["string","null"]},
             "source_type":{"type":"string","description":"What caused it, snake_case: manual, invoice, invoice_void, payment, payment_reversal, reversal, …"},
             "source_id":{"type":["string","null"]},"reverses_entry_id":{"type":["string","null"]},
             "created_at":{"type":"string","format":"date-time"},
             "lines":{"type":"array","items":{"type":"object","required":["line_no","account_id","debit","credit"],"properties":{
              "line_no":{"type":"integer"},"account_id":{"type":"string"},"debit":{"type":"string"},"credit":{"type":"string"},
              "party_id":{"type":["string","null"]},"memo":{"type":["string","null"]},
              "document_type":{"type":["string","null"]},"document_id":{"type":["string","null"]}}}}}}
            """#,
        "JournalEntryList": OpenAPISchemas.page(of: "JournalEntry"),
        "DatedAction": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"}}}
            """#,
        "AccountBalanceList": #"""
            {"type":"object","additionalProperties":false,"required":["as_of","data"],"properties":{
             "as_of":{"type":["string","null"],"format":"date"},
             "data":{"type":"array","items":{"type":"object","additionalProperties":false,
             "required":["account_id","account_code","account_name","currency","debit","credit","net"],"properties":{
             "account_id":{"type":"string","format":"uuid"},"account_code":{"type":"string"},"account_name":{"type":"string"},
             "currency":{"type":"string"},"debit":{"type":"string"},"credit":{"type":"string"},"net":{"type":"string"}}}}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/accounts", environment.tenantHandler { r in
            let accounts = try AccountRepository(r.connection).list(includeArchived: try QueryParameters.bool(r.request, "include_archived"))
            return Response.json { w in
                w.object { w in
                    w.key("data")
                    w.array { w in for account in accounts { write(account, into: &w) } }
                }
            }
        })
        router.post("/v1/accounts", environment.recordHandler(status: .created, write) { r in
            try AccountRepository(r.connection).create(try accountInput(r.request))
        })
        router.get("/v1/accounts/:id", environment.recordHandler(write, id: "account") { r, id in
            try AccountRepository(r.connection).get(id)
        })
        router.put("/v1/accounts/:id", environment.recordHandler(write, id: "account") { r, id in
            try AccountRepository(r.connection).update(id, try accountInput(r.request))
        })
        for (action, archived) in [("archive", true), ("unarchive", false)] {
            router.post("/v1/accounts/:id/\(action)", environment.recordHandler(write) { r in
                try RequestBody(r.request).finish()  // no fields: a body must be empty or {}
                return try AccountRepository(r.connection).setArchived(try QueryParameters.id(r.request, "account"), archived)
            })
        }
        router.delete("/v1/accounts/:id", environment.deleteHandler(id: "account") { r, id in
            try AccountRepository(r.connection).delete(id)
        })

        router.get("/v1/journal-entries", environment.pageHandler(write) { r in
            try JournalRepository(r.connection).list(
                JournalEntryQuery(
                    from: try QueryParameters.date(r.request, "from"), through: try QueryParameters.date(r.request, "to"),
                    accountID: try QueryParameters.uuid(r.request, "account_id"), page: try QueryParameters.page(r.request)))
        })
        router.post("/v1/journal-entries", environment.recordHandler(status: .created, write) { r in
            let journal = JournalRepository(r.connection)
            let id = try journal.post(try journalInput(r))
            return try journal.get(id)
        })
        router.get("/v1/journal-entries/:id", environment.recordHandler(write, id: "journal entry") { r, id in
            try JournalRepository(r.connection).get(id)
        })
        router.post("/v1/journal-entries/:id/reverse", environment.recordHandler(status: .created, write, id: "journal entry") { r, id in
            let date = try datedAction(r)
            let journal = JournalRepository(r.connection)
            return try journal.get(try journal.reverse(id, on: date))
        })
        router.get("/v1/ledger/balances", environment.tenantHandler { r in
            var query = ReportQuery(r.request, known: ["as_of"])
            let asOf = query.date("as_of")
            try query.finish()
            let balances = try JournalRepository(r.connection).balances(asOf: asOf)
            let table = ReportTable(
                columns: ["account_id", "account_code", "account_name", "currency", "debit", "credit", "net"],
                rows: balances.map { balance in
                    let c = balance.currency
                    return [
                        .text(balance.accountID.uuidString.lowercased()), .text(balance.accountCode), .text(balance.accountName),
                        .text(c.code), .money(balance.debit, c),
                        .money(balance.credit, c), .money(balance.net, c),
                    ]
                })
            return table.response(r.request, filename: "ledger-balances\(asOf.map { "-\($0)" } ?? "").csv") { w in
                w.key("as_of"); w.date(asOf)
            }
        })
    }

    static func accountInput(_ request: Request) throws -> AccountDraft {
        let body = try RequestBody(request)
        let code = body.reader.string("code")
        let name = body.reader.string("name")
        let type = body.reader.enumValue("type", AccountType.self)
        try body.finish()
        return AccountDraft(code: code, name: name, type: type ?? .asset)
    }

    /// `{"date": …}` (optional), defaulting to the tenant's today.
    static func datedAction(_ r: TenantRequest) throws -> CalendarDate {
        let body = try RequestBody(r.request)
        let date = body.reader.optionalDate("date")
        try body.finish()
        return date ?? r.tenant.today()
    }

    static func journalInput(_ r: TenantRequest) throws -> JournalEntryDraft {
        let body = try RequestBody(r.request)
        let date = body.reader.optionalDate("date")
        let currencyCode = body.reader.optionalString("currency")
        let memo = body.reader.optionalString("memo")
        let lines = body.reader.array("lines") { line -> JournalLineDraft in
            let account = line.uuid("account_id")
            let debit = line.optionalExactDecimal("debit")
            let credit = line.optionalExactDecimal("credit")
            if (debit == nil) == (credit == nil) { line.addError(nil, "must have exactly one of debit or credit") }
            return JournalLineDraft(
                accountID: account, side: debit != nil ? .debit : .credit, amount: debit ?? credit ?? .zero,
                partyID: line.optionalUUID("party_id"), memo: line.optionalString("memo"))
        }
        var currency = r.tenant.currency
        if let currencyCode {
            if let known = Currency(code: currencyCode) { currency = known } else {
                body.reader.addError("currency", "must be an ISO 4217 currency code")
            }
        }
        try body.finish()
        return JournalEntryDraft(date: date ?? r.tenant.today(), currency: currency, memo: memo, lines: lines)
    }

    static func write(_ account: Account, into w: inout JSONWriter) {
        w.object { w in
            w.accountName(account)
            w.key("type"); w.string(account.type.wireValue)
            w.key("role"); w.optionalString(account.role?.wireValue)
            w.key("archived"); w.bool(account.isArchived)
            w.key("created_at"); w.instant(account.createdAt)
            w.key("updated_at"); w.instant(account.updatedAt)
        }
    }

    static func write(_ entry: JournalEntry, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(entry.id)
            w.key("entry_number"); w.int(Int(entry.entryNumber))
            w.key("date"); w.date(entry.date)
            w.key("currency"); w.string(entry.currency.code)
            w.key("memo"); w.optionalString(entry.memo)
            w.key("source_type"); w.string(WireCase.snakeCase(entry.sourceType))
            w.key("source_id"); w.optionalID(entry.sourceID)
            w.key("reverses_entry_id"); w.optionalID(entry.reversesEntryID)
            w.key("created_at"); w.instant(entry.createdAt)
            w.key("lines"); w.objects(entry.lines) { w, line in
                w.key("line_no"); w.int(line.lineNumber)
                w.key("account_id"); w.id(line.accountID)
                w.key("debit"); w.money(line.side == .debit ? line.amount : .zero, entry.currency)
                w.key("credit"); w.money(line.side == .credit ? line.amount : .zero, entry.currency)
                w.key("party_id"); w.optionalID(line.partyID)
                w.key("memo"); w.optionalString(line.memo)
                w.key("document_type"); w.optionalString(line.document.map { WireCase.snakeCase($0.type) })
                w.key("document_id"); w.optionalID(line.document?.id)
            }
        }
    }
}
