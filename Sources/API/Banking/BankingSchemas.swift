import Domain

private typealias S = OpenAPISchemas

/// The OpenAPI schemas of the bank accounts, statement imports and lines (docs/banking.md).
extension BankingRoutes {
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
             "required":["id","name","ledger_account_id","iban","bic","account_number","currency","csv_mapping","auto_reconcile_min_score","archived","created_at","updated_at"],
             "properties":{"id":{"type":"string","format":"uuid"},"name":{"type":"string"},
             "ledger_account_id":{"type":"string","format":"uuid"},"iban":{"type":["string","null"]},"bic":{"type":["string","null"]},
             "account_number":{"type":["string","null"]},"currency":{"type":"string"},
             "csv_mapping":{"oneOf":[{"$ref":"#/components/schemas/CSVStatementMapping"},{"type":"null"}]},
             "auto_reconcile_min_score":{"type":"integer","minimum":1,"maximum":100,"description":"The score auto-reconcile needs for a match"},
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
             "csv_mapping":{"oneOf":[{"$ref":"#/components/schemas/CSVStatementMapping"},{"type":"null"}]},
             "auto_reconcile_min_score":{"type":["integer","null"],"minimum":1,"maximum":100,"default":90,"description":"The score (suggestion confidence) auto-reconcile needs for a match; a run's min_score overrides it"}}}
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
        "BankLineExpenseSuggestion": #"""
            {"type":"object","additionalProperties":false,"required":["expense_id","reference","vendor_id","vendor_name","amount","expense_date","score","reasons"],
             "properties":{"expense_id":{"type":"string","format":"uuid"},"reference":{"type":["string","null"]},
             "vendor_id":{"type":"string","format":"uuid"},"vendor_name":{"type":"string"},"amount":{"type":"string"},
             "expense_date":{"type":"string","format":"date"},"score":{"type":"integer","minimum":0,"maximum":100},
             "reasons":{"type":"array","items":\#(S.enumeration(MatchReason.self)),"description":"invoice_number: the expense's reference is in the line's text or reference"}}}
            """#,
        "BankLine": #"""
            {"type":"object","additionalProperties":false,
             "required":["id","bank_account_id","import_id","bank_reference","booking_date","value_date","amount","currency","description","reference","counterparty_name","counterparty_iban","is_reversal","reconciled","payment_id","entry_id","expense_id","reconciled_at","suggestions","expense_suggestions"],
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
             "suggestions":{"type":"array","items":{"$ref":"#/components/schemas/BankLineSuggestion"},"description":"Open invoices (money in), best first; empty once reconciled"},
             "expense_suggestions":{"type":"array","items":{"$ref":"#/components/schemas/BankLineExpenseSuggestion"},"description":"Unpaid expenses (money out), best first; empty once reconciled. Reconcile with expense_id"}}}
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
}
