/// The OpenAPI schemas of expenses and categories.
enum ExpenseSchemas {
    static let all: [String: String] = [
        "ExpenseInput": #"""
            {"type":"object","additionalProperties":false,"required":["vendor_id","category_id","amount"],
             "properties":{"vendor_id":{"type":"string","format":"uuid","description":"A party of kind vendor"},
             "category_id":{"type":"string","format":"uuid"},"amount":{"$ref":"#/components/schemas/Decimal"},
             "currency":{"type":"string","description":"Default and only allowed value: the vendor's currency"},
             "date":{"type":"string","format":"date","description":"Default: the tenant's today"},
             "department":{"type":"string","maxLength":100},"project":{"type":"string","maxLength":100},
             "reference":{"type":"string","maxLength":200,"description":"Reference or receipt number"},
             "notes":{"type":"string","maxLength":2000},
             "paid":{"type":"boolean","default":false,"description":"Paid at once: Cr bank instead of AP"},
             "bank_account_id":{"type":"string","format":"uuid","description":"Only with paid; default: the bank account"}}}
            """#,
        "ExpensePaymentInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "paid_on":{"type":"string","format":"date","description":"Default: the tenant's today"},
             "bank_account_id":{"type":"string","format":"uuid"}}}
            """#,
        "ExpenseReversalInput": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "reversed_on":{"type":"string","format":"date","description":"Default: the tenant's today"}}}
            """#,
        "Expense": #"""
            {"type":"object","required":["id","vendor_id","category_id","amount","currency","date","status"],
             "properties":{"id":{"type":"string","format":"uuid"},"vendor_id":{"type":"string"},"category_id":{"type":"string"},
             "expense_account_id":{"type":"string"},"amount":{"type":"string"},"currency":{"type":"string"},
             "date":{"type":"string","format":"date"},"department":{"type":["string","null"]},"project":{"type":["string","null"]},
             "reference":{"type":["string","null"]},"notes":{"type":["string","null"]},
             "status":{"type":"string","enum":["unpaid","paid","reversed"]},"paid":{"type":"boolean"},
             "paid_on":{"type":["string","null"],"format":"date"},"bank_account_id":{"type":["string","null"]},
             "entry_id":{"type":"string"},"payment_entry_id":{"type":["string","null"]},
             "reversed_on":{"type":["string","null"],"format":"date"},"reversal_entry_id":{"type":["string","null"]},
             "recurring_expense_id":{"type":["string","null"]},"created_at":{"type":"string","format":"date-time"},
             "warnings":{"type":"array","description":"On create only: budgets the expense takes over a warn limit",
              "items":{"$ref":"#/components/schemas/BudgetWarning"}}}}
            """#,
        "ExpenseList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Expense"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
        "ExpenseCategoryInput": #"""
            {"type":"object","additionalProperties":false,"required":["name"],"properties":{
             "name":{"type":"string","maxLength":200},
             "expense_account_id":{"type":"string","format":"uuid","description":"Default: general expense"}}}
            """#,
        "ExpenseCategory": #"""
            {"type":"object","required":["id","name","expense_account_id"],"properties":{"id":{"type":"string","format":"uuid"},
             "name":{"type":"string"},"expense_account_id":{"type":"string"},"created_at":{"type":"string","format":"date-time"}}}
            """#,
        "ExpenseCategoryList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/ExpenseCategory"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
    ]
}
