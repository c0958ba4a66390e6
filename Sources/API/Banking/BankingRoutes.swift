import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/bank-accounts` (with statement import and lines) and `/v1/bank-lines/{id}/reconcile|unreconcile`
/// (docs/banking.md).
private typealias S = OpenAPISchemas

enum BankingRoutes {
    /// The raw media types a statement file is accepted in, and the format each one means.
    static let statementMediaTypes: [(mediaType: String, format: BankStatementFormat)] = [
        ("application/xml", .camt053), ("text/xml", .camt053), ("application/x-ofx", .ofx), ("application/ofx", .ofx),
        ("text/csv", .csv),
    ]

    static let operations: [OpenAPIOperation] = {
        var importStatement = OpenAPIOperation(
            "POST", "/v1/bank-accounts/:id/statements", id: "importBankStatement",
            summary: "Import a statement file (CAMT.053, OFX 1.x/2.x, CSV with the saved mapping), as the raw body or a multipart/form-data upload: all or nothing; lines already imported are skipped",
            tag: "Banking", parameters: [.init("id", in: .path)], request: "BankStatementFile", status: 201,
            response: "BankStatementImport", errors: [409, 413, 415, 422])
        importStatement.requestMediaTypes = statementMediaTypes.map(\.mediaType) + ["multipart/form-data"]
        importStatement.requestSchemaByMediaType = ["multipart/form-data": "BankStatementUpload"]
        return [
            OpenAPIOperation(
                "GET", "/v1/bank-accounts", id: "listBankAccounts", summary: "Bank accounts, newest first", tag: "Banking",
                parameters: [.init("include_archived", in: .query, schema: #"{"type":"boolean"}"#)] + MasterDataRoutes.pageParameters,
                response: "BankAccountList", errors: [422]),
            OpenAPIOperation(
                "POST", "/v1/bank-accounts", id: "createBankAccount", summary: "Add a bank account", tag: "Banking",
                request: "BankAccountInput", status: 201, response: "BankAccount", errors: [400, 415, 422]),
            OpenAPIOperation(
                "GET", "/v1/bank-accounts/:id", id: "getBankAccount", summary: "One bank account", tag: "Banking",
                parameters: [.init("id", in: .path)], response: "BankAccount", errors: [404]),
            OpenAPIOperation(
                "PUT", "/v1/bank-accounts/:id", id: "updateBankAccount", summary: "Replace a bank account", tag: "Banking",
                parameters: [.init("id", in: .path)], request: "BankAccountInput", response: "BankAccount",
                errors: [400, 404, 415, 422]),
            OpenAPIOperation(
                "POST", "/v1/bank-accounts/:id/archive", id: "archiveBankAccount", summary: "Archive a bank account (no more imports)",
                tag: "Banking", parameters: [.init("id", in: .path)], response: "BankAccount", errors: [404]),
            importStatement,
            OpenAPIOperation(
                "GET", "/v1/bank-accounts/:id/lines", id: "listBankLines",
                summary: "Statement lines, latest booking first, each unreconciled one with its ranked suggestions",
                tag: "Banking",
                parameters: [.init("id", in: .path), .init("unreconciled", in: .query, schema: #"{"type":"boolean"}"#)]
                    + MasterDataRoutes.pageParameters,
                response: "BankLineList", errors: [404, 422]),
            OpenAPIOperation(
                "GET", "/v1/bank-accounts/:id/register", id: "getBankRegister",
                summary: "The register: the latest statement balance against the ledger balance, and what is unreconciled",
                tag: "Banking", parameters: [.init("id", in: .path)], response: "BankRegister", errors: [404]),
            OpenAPIOperation(
                "POST", "/v1/bank-lines/:id/reconcile", id: "reconcileBankLine",
                summary: "Reconcile a line: a customer payment of invoices, the payment of an unpaid expense, or a journal entry against an account",
                tag: "Banking", parameters: [.init("id", in: .path)], request: "BankLineReconcile", response: "BankLine",
                errors: [400, 404, 409, 415, 422]),
            OpenAPIOperation(
                "POST", "/v1/bank-lines/reconcile", id: "reconcileBankLinesToInvoice",
                summary: "Reconcile several money-in lines to one invoice in one transaction: each line a payment of its amount to it, adding up to at most what it owes",
                tag: "Banking", request: "BankLinesToInvoice", response: "BankLineBatch", errors: [400, 415, 422]),
            OpenAPIOperation(
                "POST", "/v1/bank-lines/:id/unreconcile", id: "unreconcileBankLine",
                summary: "Undo a reconciliation on the date given (default today), in one transaction: the payment reversed (the invoices owed again), the expense's payment undone (the expense unpaid again) or the entry reversed",
                tag: "Banking", parameters: [.init("id", in: .path)], request: "DatedAction", requestRequired: false,
                response: "BankLine", errors: [400, 404, 409, 415, 422]),
        ]
    }()

    static let csvMappingFields = #"""
         "delimiter":{"type":"string","minLength":1,"maxLength":1,"pattern":\#(S.quoted(S.noMultilineControlsPattern)),"default":";"},
         "decimal_separator":{"type":"string","enum":[".",","],"default":","},
         "thousands_separator":{"type":["string","null"],"minLength":1,"maxLength":1,"pattern":\#(S.quoted(S.noMultilineControlsPattern))},
         "date_format":{"type":"string","maxLength":20,"pattern":\#(S.quoted(S.noMultilineControlsPattern)),"default":"DD/MM/YYYY","description":"YYYY or YY, MM and DD with . / - or space"},
         "header_rows":{"type":"integer","minimum":0,"maximum":20,"default":1},
         "encoding":\#(S.enumeration(CSVStatementMapping.Encoding.self, default: .utf8)),
         "date_column":{"type":"integer","minimum":1,"maximum":200,"description":"Columns are numbered from 1"},
         "amount_column":{"type":["integer","null"],"minimum":1,"maximum":200,"description":"A signed amount; or debit_column and credit_column"},
         "debit_column":{"type":["integer","null"],"minimum":1,"maximum":200},
         "credit_column":{"type":["integer","null"],"minimum":1,"maximum":200},
         "description_column":{"type":["integer","null"],"minimum":1,"maximum":200},
         "reference_column":{"type":["integer","null"],"minimum":1,"maximum":200},
         "counterparty_column":{"type":["integer","null"],"minimum":1,"maximum":200}
        """#

    static let schemas: [String: String] = [
        "CSVStatementMapping": #"""
            {"type":"object","additionalProperties":false,"required":["date_column"],"properties":{\#(csvMappingFields)}}
            """#,
        "BankAccount": #"""
            {"type":"object","additionalProperties":false,
             "required":["id","name","ledger_account_id","iban","bic","account_number","currency","csv_mapping","archived","created_at","updated_at"],
             "properties":{"id":{"type":"string","format":"uuid"},"name":{"type":"string"},
             "ledger_account_id":{"type":"string","format":"uuid"},"iban":{"type":["string","null"]},"bic":{"type":["string","null"]},
             "account_number":{"type":["string","null"]},"currency":{"type":"string"},
             "csv_mapping":{"oneOf":[{"$ref":"#/components/schemas/CSVStatementMapping"},{"type":"null"}]},
             "archived":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},
             "updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "BankAccountInput": #"""
            {"type":"object","additionalProperties":false,"required":["name"],"properties":{
             "name":\#(S.text(maxLength: 200)),
             "ledger_account_id":{"type":["string","null"],"format":"uuid","description":"An active asset account; default: the system bank account"},
             "iban":{"type":["string","null"],"maxLength":50,"pattern":\#(S.quoted(S.noMultilineControlsPattern)),"description":"Checked by mod 97; spaces allowed"},
             "bic":{"type":["string","null"],"pattern":"^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$"},
             "account_number":\#(S.text(maxLength: 34, nullable: true)),
             "currency":{"oneOf":[\#(S.currency()),{"type":"null"}],"description":"Default: the tenant's currency"},
             "csv_mapping":{"oneOf":[{"$ref":"#/components/schemas/CSVStatementMapping"},{"type":"null"}]}}}
            """#,
        "BankAccountList": #"""
            {"type":"object","additionalProperties":false,"required":["data","next_cursor"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/BankAccount"}},"next_cursor":{"type":["string","null"]}}}
            """#,
        "BankStatementFile": #"""
            {"type":"string","description":"The file itself as the body: CAMT.053 XML (application/xml, text/xml), OFX 1.x SGML or 2.x XML (application/x-ofx, application/ofx), or CSV read with the bank account's csv_mapping (text/csv). At most 10 MiB and the server's body limit."}
            """#,
        "BankStatementUpload": #"""
            {"type":"object","additionalProperties":false,"required":["file"],"properties":{
             "file":{"type":"string","format":"binary","description":"The statement file, the one part named file (RFC 7578). Its format is the part's Content-Type (as for a raw body); without one, or application/octet-stream, it is told from the file name's extension (.xml, .ofx/.qfx, .csv) or else the content (OFX header, XML, otherwise CSV). Other parts are refused (422), as is a second file part."}}}
            """#,
        "BankStatementImport": #"""
            {"type":"object","additionalProperties":false,"required":["id","bank_account_id","format","statements","lines_added","lines_skipped","closing_balance","created_at"],
             "properties":{"id":{"type":"string","format":"uuid"},"bank_account_id":{"type":"string","format":"uuid"},
             "format":\#(S.enumeration(BankStatementFormat.self)),"statements":{"type":"integer"},
             "lines_added":{"type":"integer"},"lines_skipped":{"type":"integer","description":"Already imported before: left as they were"},
             "closing_balance":{"type":["string","null"],"description":"The last statement's closing balance, if the file states one"},
             "created_at":{"type":"string","format":"date-time"}}}
            """#,
        "BankRegister": #"""
            {"type":"object","additionalProperties":false,
             "required":["bank_account_id","currency","statement_balance","statement_date","ledger_balance","difference","lines","lines_total","unreconciled","unreconciled_total"],
             "properties":{"bank_account_id":{"type":"string","format":"uuid"},"currency":{"type":"string"},
             "statement_balance":{"type":["string","null"],"description":"The closing balance of the latest statement that stated one"},
             "statement_date":{"type":["string","null"],"format":"date"},
             "ledger_balance":{"type":"string","description":"The balance of the bank account's ledger account"},
             "difference":{"type":["string","null"],"description":"statement_balance − ledger_balance"},
             "lines":{"type":"integer"},"lines_total":{"type":"string"},
             "unreconciled":{"type":"integer"},"unreconciled_total":{"type":"string"}}}
            """#,
        "BankLineSuggestion": #"""
            {"type":"object","additionalProperties":false,"required":["invoice_id","invoice_number","party_id","party_name","outstanding","score","reasons"],
             "properties":{"invoice_id":{"type":"string","format":"uuid"},"invoice_number":{"type":"string"},
             "party_id":{"type":"string","format":"uuid"},"party_name":{"type":"string"},"outstanding":{"type":"string"},
             "score":{"type":"integer","minimum":0,"maximum":100},
             "reasons":{"type":"array","items":\#(S.enumeration(MatchReason.self))}}}
            """#,
        "BankLine": #"""
            {"type":"object","additionalProperties":false,
             "required":["id","bank_account_id","import_id","bank_reference","booking_date","value_date","amount","currency","description","reference","counterparty_name","counterparty_iban","is_reversal","reconciled","payment_id","entry_id","expense_id","reconciled_at","suggestions"],
             "properties":{"id":{"type":"string","format":"uuid"},"bank_account_id":{"type":"string","format":"uuid"},
             "import_id":{"type":"string","format":"uuid"},
             "bank_reference":{"type":["string","null"],"description":"The bank's id of the movement (AcctSvcrRef, FITID); null when the line is known by a hash"},
             "booking_date":{"type":"string","format":"date"},"value_date":{"type":["string","null"],"format":"date"},
             "amount":{"type":"string","description":"Money in positive, money out negative"},"currency":{"type":"string"},
             "description":{"type":"string"},"reference":{"type":["string","null"]},"counterparty_name":{"type":["string","null"]},
             "counterparty_iban":{"type":["string","null"]},"is_reversal":{"type":"boolean"},"reconciled":{"type":"boolean"},
             "payment_id":{"type":["string","null"],"format":"uuid"},"entry_id":{"type":["string","null"],"format":"uuid"},
             "expense_id":{"type":["string","null"],"format":"uuid","description":"The unpaid expense this money out paid"},
             "reconciled_at":{"type":["string","null"],"format":"date-time"},
             "suggestions":{"type":"array","items":{"$ref":"#/components/schemas/BankLineSuggestion"},"description":"Best first; empty once reconciled"}}}
            """#,
        "BankLineList": #"""
            {"type":"object","additionalProperties":false,"required":["data","next_cursor"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/BankLine"}},"next_cursor":{"type":["string","null"]}}}
            """#,
        "BankLinesToInvoice": #"""
            {"type":"object","additionalProperties":false,"required":["invoice_id","line_ids"],"properties":{
             "invoice_id":{"type":"string","format":"uuid","description":"An issued, unpaid customer invoice"},
             "line_ids":{"type":"array","minItems":1,"maxItems":200,"items":{"type":"string","format":"uuid"},"description":"Unreconciled money-in lines in the invoice's currency, each named once; together at most what the invoice owes"}}}
            """#,
        "BankLineBatch": #"""
            {"type":"object","additionalProperties":false,"required":["data"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/BankLine"},"description":"The lines, in the order named"}}}
            """#,
        "BankLineReconcile": #"""
            {"type":"object","additionalProperties":false,"description":"One of: allocations (money in: a customer payment of one party's invoices, adding up to the line's amount), expense_id (money out paying an unpaid expense of the same amount), account_id (a journal entry bank ↔ account)",
             "properties":{
             "allocations":{"type":"array","minItems":1,"maxItems":200,"items":{"type":"object","additionalProperties":false,"required":["invoice_id","amount"],
               "properties":{"invoice_id":{"type":"string","format":"uuid"},"amount":{"$ref":"#/components/schemas/Amount"}}}},
             "expense_id":{"type":"string","format":"uuid"},
             "account_id":{"type":"string","format":"uuid"},
             "memo":\#(S.text(maxLength: 200, nullable: true))}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/bank-accounts", environment.tenantHandler { r in
            let page = try BankAccountRepository(r.connection).list(
                includeArchived: try QueryParameters.bool(r.request, "include_archived"), page: try QueryParameters.page(r.request))
            return Response.json { $0.page(page) { w, account in write(account, into: &w) } }
        })
        router.post("/v1/bank-accounts", environment.tenantHandler { r in
            let account = try BankAccountRepository(r.connection).create(try accountInput(r.request), defaultCurrency: r.tenant.currency)
            return Response.json(status: .created) { write(account, into: &$0) }
        })
        router.get("/v1/bank-accounts/:id", environment.tenantHandler { r in
            let account = try BankAccountRepository(r.connection).get(try QueryParameters.id(r.request, "bank account"))
            return Response.json { write(account, into: &$0) }
        })
        router.put("/v1/bank-accounts/:id", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "bank account")
            let account = try BankAccountRepository(r.connection).update(id, try accountInput(r.request), defaultCurrency: r.tenant.currency)
            return Response.json { write(account, into: &$0) }
        })
        router.post("/v1/bank-accounts/:id/archive", environment.tenantHandler { r in
            try RequestBody(r.request).finish()
            let account = try BankAccountRepository(r.connection).setArchived(try QueryParameters.id(r.request, "bank account"), true)
            return Response.json { write(account, into: &$0) }
        })
        router.post("/v1/bank-accounts/:id/statements", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "bank account")
            let account = try BankAccountRepository(r.connection).get(id)
            let (format, statements) = try StatementFileReading.read(r.request, account: account)
            do {
                let result = try BankLineRepository(r.connection).importStatements(statements, format: format, into: id)
                return Response.json(status: .created) { write(result, currency: account.currency, into: &$0) }
            } catch let error as BankStatementError {
                throw StatementFileReading.problem(error)
            }
        })
        router.get("/v1/bank-accounts/:id/lines", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "bank account")
            let repository = BankLineRepository(r.connection)
            let page = try repository.list(
                bankAccountID: id, unreconciledOnly: try QueryParameters.bool(r.request, "unreconciled"),
                page: try QueryParameters.page(r.request))
            let suggestions = try repository.suggestions(for: page.items)
            return Response.json { $0.page(page) { w, line in write(line, suggestions: suggestions[line.id] ?? [], into: &w) } }
        })
        router.get("/v1/bank-accounts/:id/register", environment.tenantHandler { r in
            let (account, register) = try BankAccountRepository(r.connection).register(try QueryParameters.id(r.request, "bank account"))
            let currency = account.currency
            return Response.json { w in
                w.object { w in
                    w.key("bank_account_id"); w.id(account.id)
                    w.key("currency"); w.string(currency.code)
                    w.key("statement_balance")
                    if let balance = register.statementBalance { w.price(balance, currency) } else { w.null() }
                    w.key("statement_date"); w.date(register.statementDate)
                    w.key("ledger_balance"); w.price(register.ledgerBalance, currency)
                    w.key("difference")
                    if let difference = try? register.statementBalance?.subtracting(register.ledgerBalance) {
                        w.price(difference, currency)
                    } else {
                        w.null()
                    }
                    w.key("lines"); w.int(register.lines)
                    w.key("lines_total"); w.price(register.linesTotal, currency)
                    w.key("unreconciled"); w.int(register.unreconciled)
                    w.key("unreconciled_total"); w.price(register.unreconciledTotal, currency)
                }
            }
        })
        router.post("/v1/bank-lines/:id/reconcile", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "bank line")
            let line = try BankLineRepository(r.connection).reconcile(id, try reconcileInput(r.request))
            return Response.json { write(line, suggestions: [], into: &$0) }
        })
        router.post("/v1/bank-lines/reconcile", environment.tenantHandler { r in
            let body = try RequestBody(r.request)
            let invoice = body.reader.uuid("invoice_id")
            var lines = [UUID]()
            let texts = body.reader.stringArray("line_ids")
            for (index, text) in texts.enumerated() {
                if let id = UUID(uuidString: text) {
                    lines.append(id)
                } else {
                    body.record([FieldError(pointer: "/line_ids/\(index)", detail: "must be an id")])
                }
            }
            if body.reader.contains("line_ids") && texts.isEmpty {
                body.reader.addError("line_ids", "must have at least 1 element")
            } else if texts.count > 200 {
                body.reader.addError("line_ids", "must have at most 200 elements")
            }
            try body.finish()
            let reconciled = try BankLineRepository(r.connection).reconcile(lines: lines, toInvoice: invoice)
            return Response.json { w in
                w.object { w in
                    w.key("data"); w.array { w in for line in reconciled { write(line, suggestions: [], into: &w) } }
                }
            }
        })
        router.post("/v1/bank-lines/:id/unreconcile", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "bank line")
            let line = try BankLineRepository(r.connection).unreconcile(id, on: try LedgerRoutes.datedAction(r))
            return Response.json { write(line, suggestions: [], into: &$0) }
        })
    }

    static func accountInput(_ request: Request) throws -> BankAccountDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let draft = BankAccountDraft(
            name: r.string("name"), ledgerAccountID: r.optionalUUID("ledger_account_id"), iban: r.optionalString("iban", maxLength: 50),
            bic: r.optionalString("bic", maxLength: 11), accountNumber: r.optionalString("account_number"),
            currency: MasterDataRoutes.currency(r), csvMapping: r.optionalObject("csv_mapping", csvMapping) ?? nil)
        try body.finish()
        return draft
    }

    static func csvMapping(_ r: JSONObjectReader) -> CSVStatementMapping? {
        func character(_ key: String, _ fallback: Character?) -> Character? {
            guard r.contains(key) else { return fallback }
            guard let text = r.optionalString(key) else { return nil }
            guard text.count == 1, let first = text.first else {
                r.addError(key, "must be one character")
                return fallback
            }
            return first
        }
        let delimiter = character("delimiter", ";") ?? ";"
        let decimal = character("decimal_separator", ",") ?? ","
        let thousands = character("thousands_separator", nil)
        let dateFormat = r.optionalString("date_format", maxLength: 20) ?? "DD/MM/YYYY"
        let headerRows = r.optionalInt("header_rows", in: 0...20) ?? 1
        let encoding = r.optionalEnumValue("encoding", CSVStatementMapping.Encoding.self) ?? .utf8
        let columns = 1...200
        let mapping = CSVStatementMapping(
            delimiter: delimiter, decimalSeparator: decimal, thousandsSeparator: thousands, dateFormat: dateFormat,
            headerRows: headerRows, encoding: encoding, dateColumn: r.int("date_column", in: columns),
            amountColumn: r.optionalInt("amount_column", in: columns), debitColumn: r.optionalInt("debit_column", in: columns),
            creditColumn: r.optionalInt("credit_column", in: columns),
            descriptionColumn: r.optionalInt("description_column", in: columns),
            referenceColumn: r.optionalInt("reference_column", in: columns),
            counterpartyColumn: r.optionalInt("counterparty_column", in: columns))
        return mapping
    }

    static func reconcileInput(_ request: Request) throws -> BankReconciliation {
        let body = try RequestBody(request)
        let r = body.reader
        let allocations = r.optionalArray("allocations", maxCount: 200) { a in
            PaymentAllocationDraft(invoiceID: a.uuid("invoice_id"), amount: a.exactDecimal("amount"))
        }
        let account = r.optionalUUID("account_id")
        let expense = r.optionalUUID("expense_id")
        let memo = r.optionalString("memo", maxLength: 200)
        let given = [allocations != nil, expense != nil, account != nil].filter { $0 }.count
        if given == 0 && !r.contains("allocations") && !r.contains("expense_id") && !r.contains("account_id") {
            r.addError("allocations", "or expense_id or account_id is required")
        } else if given > 1 {
            r.addError(account != nil ? "account_id" : "expense_id", "give only one of allocations, expense_id and account_id")
        } else if allocations?.isEmpty == true {
            r.addError("allocations", "must have at least 1 element")
        }
        try body.finish()
        if let account { return .account(account, memo: memo) }
        if let expense { return .expense(expense) }
        return .invoices(allocations ?? [])
    }

    static func write(_ account: BankAccount, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(account.id)
            w.key("name"); w.string(account.name)
            w.key("ledger_account_id"); w.id(account.ledgerAccountID)
            w.key("iban"); w.optionalString(account.iban)
            w.key("bic"); w.optionalString(account.bic)
            w.key("account_number"); w.optionalString(account.accountNumber)
            w.key("currency"); w.string(account.currency.code)
            w.key("csv_mapping")
            if let mapping = account.csvMapping { w.raw(mapping.jsonText) } else { w.null() }
            w.key("archived"); w.bool(account.archivedAt != nil)
            w.key("created_at"); w.instant(account.createdAt)
            w.key("updated_at"); w.instant(account.updatedAt)
        }
    }

    static func write(_ result: BankStatementImport, currency: Currency, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(result.id)
            w.key("bank_account_id"); w.id(result.bankAccountID)
            w.key("format"); w.string(result.format.wireValue)
            w.key("statements"); w.int(result.statements)
            w.key("lines_added"); w.int(result.linesAdded)
            w.key("lines_skipped"); w.int(result.linesSkipped)
            w.key("closing_balance")
            if let closing = result.closingBalance { w.price(closing, currency) } else { w.null() }
            w.key("created_at"); w.instant(result.createdAt)
        }
    }

    static func write(_ line: BankLine, suggestions: [BankLineSuggestion], into w: inout JSONWriter) {
        let movement = line.line
        w.object { w in
            w.key("id"); w.id(line.id)
            w.key("bank_account_id"); w.id(line.bankAccountID)
            w.key("import_id"); w.id(line.importID)
            w.key("bank_reference"); w.optionalString(movement.bankReference)
            w.key("booking_date"); w.date(movement.bookingDate)
            w.key("value_date"); w.date(movement.valueDate)
            w.key("amount"); w.price(movement.amount, line.currency)
            w.key("currency"); w.string(line.currency.code)
            w.key("description"); w.string(movement.description)
            w.key("reference"); w.optionalString(movement.reference)
            w.key("counterparty_name"); w.optionalString(movement.counterpartyName)
            w.key("counterparty_iban"); w.optionalString(movement.counterpartyIBAN)
            w.key("is_reversal"); w.bool(movement.isReversal)
            w.key("reconciled"); w.bool(line.isReconciled)
            w.key("payment_id"); w.optionalID(line.paymentID)
            w.key("entry_id"); w.optionalID(line.entryID)
            w.key("expense_id"); w.optionalID(line.expenseID)
            w.key("reconciled_at"); w.instant(line.reconciledAt)
            w.key("suggestions")
            w.array { w in
                for suggestion in suggestions {
                    w.object { w in
                        w.key("invoice_id"); w.id(suggestion.invoiceID)
                        w.key("invoice_number"); w.string(suggestion.invoiceNumber)
                        w.key("party_id"); w.id(suggestion.partyID)
                        w.key("party_name"); w.string(suggestion.partyName)
                        w.key("outstanding"); w.money(suggestion.outstanding, line.currency)
                        w.key("score"); w.int(suggestion.score)
                        w.key("reasons"); w.array { w in for reason in suggestion.reasons { w.string(reason.wireValue) } }
                    }
                }
            }
        }
    }
}
