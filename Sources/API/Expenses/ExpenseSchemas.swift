import Store

/// The OpenAPI schemas of expenses and categories.
private typealias S = OpenAPISchemas

enum ExpenseSchemas {
    static let all: [String: String] = [
        "ExpenseInput": #"""
            {"type":"object","additionalProperties":false,"required":["vendor_id","category_id","amount"],
             "properties":{"vendor_id":{"type":"string","format":"uuid","description":"A party of kind vendor"},
             "category_id":{"type":"string","format":"uuid"},"amount":{"$ref":"#/components/schemas/PositiveAmount"},
             "currency":\#(S.currency(nullable: true)),
             "date":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "department":\#(S.text(maxLength: 100, nullable: true)),"project":\#(S.text(maxLength: 100, nullable: true)),
             "campaign":\#(S.text(maxLength: 100, nullable: true)),
             "reference":\#(S.text(maxLength: 200, nullable: true)),
             "notes":\#(S.notes(maxLength: 2000, nullable: true)),
             "paid":{"type":["boolean","null"],"default":false,"description":"Paid at once: Cr bank instead of AP"},
             "bank_account_id":{"type":["string","null"],"format":"uuid","description":"Only with paid; default: the bank account"},
             "tax_code_id":{"type":["string","null"],"format":"uuid","description":"An active tax code: the amount includes its tax, round(amount × rate / (100 + rate)) half-even, debited to the code's receivable account (docs/expenses-tasks.md, Input tax)"}},
             "description":"currency: default and only allowed value, the vendor's; bank_account_id only with paid true",
             "if":{"required":["bank_account_id"],"properties":{"bank_account_id":{"type":"string"}}},
             "then":{"required":["paid"],"properties":{"paid":{"const":true}}}}
            """#,
        "ExpensePaymentInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "paid_on":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"},
             "bank_account_id":{"type":["string","null"],"format":"uuid"}}}
            """#,
        "ExpenseReversalInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "reversed_on":{"type":["string","null"],"format":"date","description":"Default: the tenant's today"}}}
            """#,
        "Expense": #"""
            {"type":"object","required":["id","vendor_id","category_id","amount","currency","date","status"],
             "properties":{"id":{"type":"string","format":"uuid"},"vendor_id":{"type":"string"},"category_id":{"type":"string"},
             "expense_account_id":{"type":"string"},"amount":{"type":"string","description":"Tax included"},"currency":{"type":"string"},
             "tax_code_id":{"type":["string","null"]},"tax_amount":{"type":"string","description":"The input tax in amount; 0 without a tax code"},
             "date":{"type":"string","format":"date"},"department":{"type":["string","null"]},"project":{"type":["string","null"]},"campaign":{"type":["string","null"]},
             "reference":{"type":["string","null"]},"notes":{"type":["string","null"]},
             "status":\#(S.enumeration(ExpenseStatus.self)),"paid":{"type":"boolean"},
             "paid_on":{"type":["string","null"],"format":"date"},"bank_account_id":{"type":["string","null"]},
             "entry_id":{"type":"string"},"payment_entry_id":{"type":["string","null"]},
             "reversed_on":{"type":["string","null"],"format":"date"},"reversal_entry_id":{"type":["string","null"]},
             "recurring_expense_id":{"type":["string","null"]},"created_at":{"type":"string","format":"date-time"},
             "warnings":{"type":"array","description":"On create only: budgets the expense takes over a warn limit",
              "items":{"$ref":"#/components/schemas/BudgetWarning"}}}}
            """#,
        "ExpenseList": OpenAPISchemas.page(of: "Expense"),
        "ExpenseCategoryInput": #"""
            {"type":"object","additionalProperties":false,"required":["name"],"properties":{
             "name":\#(S.text(maxLength: 200)),
             "expense_account_id":{"type":["string","null"],"format":"uuid","description":"Default: general expense"}}}
            """#,
        "ExpenseCategory": #"""
            {"type":"object","required":["id","name","expense_account_id"],"properties":{"id":{"type":"string","format":"uuid"},
             "name":{"type":"string"},"expense_account_id":{"type":"string"},"created_at":{"type":"string","format":"date-time"}}}
            """#,
        "ExpenseCategoryList": OpenAPISchemas.page(of: "ExpenseCategory"),
    ]
}
