import Domain

/// The OpenAPI schemas of budgets, their monitor and reports.
private typealias S = OpenAPISchemas

enum BudgetSchemas {
    private static let monthly = "Against the months accumulated through the expense's month"

    static let all: [String: String] = [
        "BudgetInput": #"""
            {"type":"object","additionalProperties":false,"required":["name","fiscal_year","lines"],"properties":{
             "name":\#(S.text(maxLength: 200)),
             "fiscal_year":{"type":"integer","minimum":1900,"maximum":9998,"description":"The calendar year the tenant's fiscal year starts in"},
             "scope":\#(S.enumeration(BudgetScope.self, nullable: true, default: .company)),
             "scope_value":{"type":["string","null"],"maxLength":100,"pattern":\#(S.quoted(S.visibleTextPattern)),
              "description":"The department, project or campaign; absent for company"},
             "currency":\#(S.currency(nullable: true)),
             "annual_action":\#(S.enumeration(BudgetControlAction.self, nullable: true, default: .warn)),
             "monthly_action":\#(S.enumeration(BudgetControlAction.self, nullable: true, default: .ignore, description: monthly)),
             "thresholds":{"type":["array","null"],"maxItems":10,"uniqueItems":true,
              "items":{"type":"string","pattern":"^(1000(\\.0+)?|[1-9][0-9]{0,2}(\\.[0-9]{1,2}0*)?|0\\.(0[1-9]|[1-9][0-9]?)0*)$"},
              "description":"Utilisation percentages that notify (above 0, at most 1000, 2 places); default 80 and 100"},
             "lines":{"type":"array","minItems":1,"maxItems":200,"items":{"$ref":"#/components/schemas/BudgetLineInput"}}},
             "if":{"required":["scope"],"properties":{"scope":\#(S.enumeration(BudgetScope.allCases.filter { $0 != .company }))}},
             "then":{"required":["scope_value"],"properties":{"scope_value":{"type":"string"}}},
             "else":{"properties":{"scope_value":{"type":"null"}}}}
            """#,
        "BudgetLineInput": #"""
            {"type":"object","additionalProperties":false,"required":["account_id","amount"],"properties":{
             "account_id":{"type":"string","format":"uuid","description":"An income or expense account"},
             "amount":{"$ref":"#/components/schemas/Amount"},
             "months":{"type":["array","null"],"minItems":12,"maxItems":12,"items":{"$ref":"#/components/schemas/Amount"},
              "description":"Fiscal months 1-12, summing to amount; default: an even split"},
             "allocations":{"type":["array","null"],"items":{"type":"object","additionalProperties":false,
              "required":["name","amount"],"properties":{"name":\#(S.text(maxLength: 200)),
              "amount":{"$ref":"#/components/schemas/Amount"}}},"description":"Summing to amount, names unique"}}}
            """#,
        "Budget": #"""
            {"type":"object","required":["id","name","fiscal_year","scope","currency","lines"],"properties":{
             "id":{"type":"string","format":"uuid"},"name":{"type":"string"},"fiscal_year":{"type":"integer"},
             "period_start":{"type":"string","format":"date"},"period_end":{"type":"string","format":"date"},
             "scope":\#(S.enumeration(BudgetScope.self)),"scope_value":{"type":["string","null"]},"currency":{"type":"string"},
             "annual_action":\#(S.enumeration(BudgetControlAction.self)),"monthly_action":\#(S.enumeration(BudgetControlAction.self)),
             "thresholds":{"type":"array","items":{"type":"string"}},
             "lines":{"type":"array","items":{"type":"object","properties":{"line_no":{"type":"integer"},
              "account_id":{"type":"string"},"account_code":{"type":"string"},"account_name":{"type":"string"},
              "account_type":\#(S.enumeration(BudgetLineKind.self)),"amount":{"type":"string"},
              "months":{"type":"array","items":{"type":"string"}},
              "allocations":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},
               "amount":{"type":"string"}}}}}}},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "BudgetList": OpenAPISchemas.page(of: "Budget"),
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
            {"type":"object","required":["report","budget_id","data"],"properties":{"report":\#(S.enumeration(BudgetReport.self)),
             "budget_id":{"type":"string"},"name":{"type":"string"},"fiscal_year":{"type":"integer"},
             "as_of":{"type":"string","format":"date"},"currency":{"type":"string"},
             "data":{"type":"array","items":{"type":"object","additionalProperties":true}}}}
            """#,
        "BudgetWarning": #"""
            {"type":"object","properties":{"kind":{"type":"string","enum":["budget_exceeded"]},"budget_id":{"type":"string"},
             "budget_name":{"type":"string"},"line_no":{"type":"integer"},"period":\#(S.enumeration(BudgetCheckPeriod.self)),
             "budget":{"type":"string"},"actual":{"type":"string"},"overrun":{"type":"string"},"message":{"type":"string"}}}
            """#,
    ]
}
