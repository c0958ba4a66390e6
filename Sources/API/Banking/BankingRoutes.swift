import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/bank-accounts` (with statement import and lines) and `/v1/bank-lines/{id}/reconcile|unreconcile`
/// (docs/banking.md).
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
            tag: "Banking", parameters: [.id], request: "BankStatementFile", status: 201,
            response: "BankStatementImport", errors: [409, 413, 415, 422])
        importStatement.requestMediaTypes = statementMediaTypes.map(\.mediaType) + ["multipart/form-data"]
        importStatement.requestSchemaByMediaType = ["multipart/form-data": "BankStatementUpload"]
        return [
            .list(
                "/v1/bank-accounts", id: "listBankAccounts", summary: "Bank accounts, newest first", tag: "Banking",
                parameters: [.init("include_archived", in: .query, schema: #"{"type":"boolean"}"#)],
                response: "BankAccountList"),
            .create(
                "/v1/bank-accounts", id: "createBankAccount", summary: "Add a bank account", tag: "Banking",
                request: "BankAccountInput", response: "BankAccount"),
            .read(
                "/v1/bank-accounts/:id", id: "getBankAccount", summary: "One bank account", tag: "Banking",
                response: "BankAccount"),
            OpenAPIOperation(
                "PUT", "/v1/bank-accounts/:id", id: "updateBankAccount", summary: "Replace a bank account", tag: "Banking",
                parameters: [.id], request: "BankAccountInput", response: "BankAccount",
                errors: [400, 404, 415, 422]),
            OpenAPIOperation(
                "POST", "/v1/bank-accounts/:id/archive", id: "archiveBankAccount", summary: "Archive a bank account (no more imports)",
                tag: "Banking", parameters: [.id], response: "BankAccount", errors: [404]),
            importStatement,
            OpenAPIOperation(
                "GET", "/v1/bank-accounts/:id/lines", id: "listBankLines",
                summary: "Statement lines, latest booking first, each unreconciled one with its ranked suggestions: open invoices for money in, unpaid expenses for money out",
                tag: "Banking",
                parameters: [.id, .init("unreconciled", in: .query, schema: #"{"type":"boolean"}"#)]
                    + Pagination.parameters,
                response: "BankLineList", errors: [404, 422]),
            OpenAPIOperation(
                "GET", "/v1/bank-accounts/:id/register", id: "getBankRegister",
                summary: "The register: the latest statement balance against the ledger balance, and what is unreconciled",
                tag: "Banking", parameters: [.id], response: "BankRegister", errors: [404]),
            OpenAPIOperation(
                "POST", "/v1/bank-lines/:id/reconcile", id: "reconcileBankLine",
                summary: "Reconcile a line: a customer payment of invoices, the payment of an unpaid expense, or a journal entry against an account",
                tag: "Banking", parameters: [.id], request: "BankLineReconcile", response: "BankLine",
                errors: [400, 404, 409, 415, 422]),
            OpenAPIOperation(
                "POST", "/v1/bank-lines/reconcile", id: "reconcileBankLinesToInvoice",
                summary: "Reconcile several money-in lines to one invoice in one transaction: each line a payment of its amount to it, adding up to at most what it owes",
                tag: "Banking", request: "BankLinesToInvoice", response: "BankLineBatch", errors: [400, 415, 422]),
            OpenAPIOperation(
                "POST", "/v1/bank-lines/:id/unreconcile", id: "unreconcileBankLine",
                summary: "Undo a reconciliation on the date given (default today), in one transaction: the payment reversed (the invoices owed again), the expense's payment undone (the expense unpaid again) or the entry reversed",
                tag: "Banking", parameters: [.id], request: "DatedAction", requestRequired: false,
                response: "BankLine", errors: [400, 404, 409, 415, 422]),
        ]
    }()

    static func register(on router: inout Router, environment: APIEnvironment) {
        ArchivableResourceRoutes.register(
            on: &router, environment: environment, path: "/v1/bank-accounts", resource: "bank account", BankAccountRepository.self,
            input: accountInput, write: { write($0, into: &$1) })
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
            let expenses = try repository.expenseSuggestions(for: page.items)
            return Response.json {
                $0.page(page) { w, line in
                    write(line, suggestions: suggestions[line.id] ?? [], expenseSuggestions: expenses[line.id] ?? [], into: &w)
                }
            }
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
        // A line after a reconciliation or its undoing: no suggestions.
        let writeLine: @Sendable (BankLine, inout JSONWriter) -> Void = { write($0, suggestions: [], into: &$1) }
        router.post("/v1/bank-lines/:id/reconcile", environment.recordHandler(writeLine, id: "bank line") { r, id in
            try BankLineRepository(r.connection).reconcile(id, try reconcileInput(r.request))
        })
        router.post("/v1/bank-lines/reconcile", environment.listHandler(writeLine) { r in
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
            return try BankLineRepository(r.connection).reconcile(lines: lines, toInvoice: invoice)
        })
        router.post("/v1/bank-lines/:id/unreconcile", environment.recordHandler(writeLine, id: "bank line") { r, id in
            try BankLineRepository(r.connection).unreconcile(id, on: try LedgerRoutes.datedAction(r))
        })
    }

    static func accountInput(_ request: Request) throws -> BankAccountDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let draft = BankAccountDraft(
            name: r.string("name"), ledgerAccountID: r.optionalUUID("ledger_account_id"), iban: r.optionalString("iban", maxLength: 50),
            bic: r.optionalString("bic", maxLength: 11), accountNumber: r.optionalString("account_number"),
            currency: MasterDataRoutes.currency(r), csvMapping: r.optionalObject("csv_mapping", csvMapping) ?? nil,
            autoReconcileMinScore: r.optionalInt("auto_reconcile_min_score", in: BankAccountDraft.autoReconcileScores))
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
}
