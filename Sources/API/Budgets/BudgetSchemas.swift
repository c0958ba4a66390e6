/// The OpenAPI schemas of budgets, their monitor and reports.
enum BudgetSchemas {
    static let all: [String: String] = [
        "BudgetInput": #"""
            {"type":"object","additionalProperties":false,"required":["name","fiscal_year","lines"],"properties":{
             "name":{"type":"string","maxLength":200},
             "fiscal_year":{"type":"integer","description":"The calendar year the tenant's fiscal year starts in"},
             "scope":{"type":"string","enum":["company","department","project","campaign"],"default":"company"},
             "scope_value":{"type":"string","maxLength":100,"description":"The department, project or campaign"},
             "currency":{"type":"string","description":"Default: the tenant's currency"},
             "annual_action":{"type":"string","enum":["ignore","warn","stop"],"default":"warn"},
             "monthly_action":{"type":"string","enum":["ignore","warn","stop"],"default":"ignore",
              "description":"Against the months accumulated through the expense's month"},
             "thresholds":{"type":"array","items":{"$ref":"#/components/schemas/Decimal"},
              "description":"Utilisation percentages that notify; default 80 and 100"},
             "lines":{"type":"array","minItems":1,"maxItems":200,"items":{"$ref":"#/components/schemas/BudgetLineInput"}}}}
            """#,
        "BudgetLineInput": #"""
            {"type":"object","additionalProperties":false,"required":["account_id","amount"],"properties":{
             "account_id":{"type":"string","format":"uuid","description":"An income or expense account"},
             "amount":{"$ref":"#/components/schemas/Decimal"},
             "months":{"type":"array","minItems":12,"maxItems":12,"items":{"$ref":"#/components/schemas/Decimal"},
              "description":"Fiscal months 1-12, summing to amount; default: an even split"},
             "allocations":{"type":"array","items":{"type":"object","additionalProperties":false,
              "required":["name","amount"],"properties":{"name":{"type":"string","maxLength":200},
              "amount":{"$ref":"#/components/schemas/Decimal"}}},"description":"Summing to amount"}}}
            """#,
        "Budget": #"""
            {"type":"object","required":["id","name","fiscal_year","scope","currency","lines"],"properties":{
             "id":{"type":"string","format":"uuid"},"name":{"type":"string"},"fiscal_year":{"type":"integer"},
             "period_start":{"type":"string","format":"date"},"period_end":{"type":"string","format":"date"},
             "scope":{"type":"string"},"scope_value":{"type":["string","null"]},"currency":{"type":"string"},
             "annual_action":{"type":"string"},"monthly_action":{"type":"string"},
             "thresholds":{"type":"array","items":{"type":"string"}},
             "lines":{"type":"array","items":{"type":"object","properties":{"line_no":{"type":"integer"},
              "account_id":{"type":"string"},"account_code":{"type":"string"},"account_name":{"type":"string"},
              "account_type":{"type":"string","enum":["income","expense"]},"amount":{"type":"string"},
              "months":{"type":"array","items":{"type":"string"}},
              "allocations":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},
               "amount":{"type":"string"}}}}}}},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "BudgetList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Budget"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
        "BudgetFigures": #"""
            {"type":"object","properties":{"month":{"type":"integer"},"start":{"type":"string","format":"date"},
             "budget":{"type":"string"},"actual":{"type":"string"},"variance":{"type":"string","description":"actual - budget"},
             "variance_percent":{"type":["string","null"]},"utilisation_percent":{"type":["string","null"]},
             "favourable":{"type":"boolean"}}}
            """#,
        "BudgetMonitor": #"""
            {"type":"object","required":["budget_id","as_of","lines"],"properties":{"budget_id":{"type":"string"},
             "name":{"type":"string"},"fiscal_year":{"type":"integer"},"as_of":{"type":"string","format":"date"},
             "elapsed_months":{"type":"integer"},"currency":{"type":"string"},
             "lines":{"type":"array","items":{"type":"object","properties":{"line_no":{"type":"integer"},
              "account_id":{"type":"string"},"account_code":{"type":"string"},"account_type":{"type":"string"},
              "annual":{"$ref":"#/components/schemas/BudgetFigures"},
              "year_to_date":{"$ref":"#/components/schemas/BudgetFigures"},
              "forecast":{"$ref":"#/components/schemas/BudgetFigures"},
              "months":{"type":"array","items":{"$ref":"#/components/schemas/BudgetFigures"}}}}}}}
            """#,
        "BudgetReport": #"""
            {"type":"object","required":["report","budget_id","data"],"properties":{"report":{"type":"string"},
             "budget_id":{"type":"string"},"name":{"type":"string"},"fiscal_year":{"type":"integer"},
             "as_of":{"type":"string","format":"date"},"currency":{"type":"string"},
             "data":{"type":"array","items":{"type":"object","additionalProperties":true}}}}
            """#,
        "BudgetWarning": #"""
            {"type":"object","properties":{"kind":{"type":"string","enum":["budget_exceeded"]},"budget_id":{"type":"string"},
             "budget_name":{"type":"string"},"line_no":{"type":"integer"},"period":{"type":"string","enum":["annual","monthly"]},
             "budget":{"type":"string"},"actual":{"type":"string"},"overrun":{"type":"string"},"message":{"type":"string"}}}
            """#,
    ]
}
