import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-expenses`: expense templates the EOD posts on a schedule, under the shared recurring routes.
private typealias S = OpenAPISchemas

enum RecurringExpenseRoutes {
    static let resource = RecurringTemplateResource<RecurringExpenseKind>(
        path: "/v1/recurring-expenses", noun: "RecurringExpense", tag: "Recurring expenses",
        read: { r in
            let vendor = r.uuid("vendor_id")
            let category = r.uuid("category_id")
            let amount = r.exactDecimal("amount")
            let currency = ExpenseReading.currency(r)
            let details = ExpenseReading.details(r)
            let taxCode = r.optionalUUID("tax_code_id")
            return { schedule in
                RecurringExpenseDraft(
                    vendorID: vendor, categoryID: category, amount: amount, currency: currency,
                    department: details.department, project: details.project, campaign: details.campaign,
                    reference: details.reference, notes: details.notes, paid: details.paid, taxCodeID: taxCode,
                    schedule: schedule)
            }
        },
        write: { template, w in
            w.key("vendor_id"); w.id(template.vendorID)
            w.key("category_id"); w.id(template.categoryID)
            w.key("amount"); w.money(template.amount.amount, template.amount.currency)
            w.key("currency"); w.string(template.amount.currency.code)
            w.expenseDetails(template)
            w.key("paid"); w.bool(template.paid)
            w.key("tax_code_id"); w.optionalID(template.taxCodeID)
        })

    static let schemas = resource.schemas(
        inputRequired: ["vendor_id", "category_id", "amount"],
        input: #"""
            "vendor_id":{"type":"string","format":"uuid"},"category_id":{"type":"string","format":"uuid"},
            "amount":{"$ref":"#/components/schemas/PositiveAmount"},"currency":\#(S.currency(nullable: true)),
            "department":\#(S.text(maxLength: 100, nullable: true)),"project":\#(S.text(maxLength: 100, nullable: true)),
            "campaign":\#(S.text(maxLength: 100, nullable: true)),
            "reference":\#(S.text(maxLength: 200, nullable: true)),"notes":\#(S.notes(maxLength: 2000, nullable: true)),
            "paid":{"type":["boolean","null"],"default":false},
            "tax_code_id":{"type":["string","null"],"format":"uuid","description":"An active tax code: each expense's amount includes its tax (docs/expenses-tasks.md, Input tax)"}
            """#,
        outputRequired: ["vendor_id", "category_id", "amount", "currency"],
        output: #"""
            "vendor_id":{"type":"string"},"category_id":{"type":"string"},"amount":{"type":"string"},"currency":{"type":"string"},
            "department":{"type":["string","null"]},"project":{"type":["string","null"]},"campaign":{"type":["string","null"]},"reference":{"type":["string","null"]},
            "notes":{"type":["string","null"]},"paid":{"type":"boolean"},"tax_code_id":{"type":["string","null"]}
            """#)
}
