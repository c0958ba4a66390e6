import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-expenses`: templates the EOD posts on a schedule; pause, resume (with or without catch-up),
/// stop, preview.
private typealias S = OpenAPISchemas

enum RecurringExpenseRoutes {
    static let tag = "Recurring expenses"

    static let operations: [OpenAPIOperation] = RecurringTemplateRoutes.operations(
        path: "/v1/recurring-expenses", noun: "RecurringExpense", plural: "Recurring expenses", tag: tag, schema: "RecurringExpense", documentDate: "the expense date"
    ) + [
        OpenAPIOperation(
            "POST", "/v1/recurring-expenses", id: "createRecurringExpense", summary: "Create a recurring expense",
            tag: tag, request: "RecurringExpenseInput", status: 201, response: "RecurringExpense", errors: [400, 415, 422]),
    ]

    static let schemas: [String: String] = [
        "RecurringExpenseInput": #"""
            {"type":"object","additionalProperties":false,"required":["vendor_id","category_id","amount","schedule"],
             "properties":{"vendor_id":{"type":"string","format":"uuid"},"category_id":{"type":"string","format":"uuid"},
             "amount":{"$ref":"#/components/schemas/PositiveAmount"},"currency":\#(S.currency(nullable: true)),
             "department":\#(S.text(maxLength: 100, nullable: true)),"project":\#(S.text(maxLength: 100, nullable: true)),
             "reference":\#(S.text(maxLength: 200, nullable: true)),"notes":\#(S.notes(maxLength: 2000, nullable: true)),
             "paid":{"type":["boolean","null"],"default":false},"schedule":{"$ref":"#/components/schemas/Schedule"}}}
            """#,
        "RecurringExpense": #"""
            {"type":"object","required":["id","vendor_id","category_id","amount","currency","schedule","state"],
             "properties":{"id":{"type":"string","format":"uuid"},"vendor_id":{"type":"string"},"category_id":{"type":"string"},
             "amount":{"type":"string"},"currency":{"type":"string"},"department":{"type":["string","null"]},
             "project":{"type":["string","null"]},"reference":{"type":["string","null"]},"notes":{"type":["string","null"]},
             "paid":{"type":"boolean"},"schedule":{"type":"object"},"state":\#(S.enumeration(RecurringTemplateState.self)),
             "skip_through":{"type":["string","null"],"format":"date"},"last_posted_index":{"type":["integer","null"]},
             "last_posted_date":{"type":["string","null"],"format":"date"},"created_at":{"type":"string","format":"date-time"}}}
            """#,
        "RecurringExpenseList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/RecurringExpense"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
        "RecurringPreview": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"type":"object",
             "required":["index","posting_date","due_date","document_date"],"properties":{"index":{"type":"integer"},
             "posting_date":{"type":"string","format":"date"},"due_date":{"type":"string","format":"date"},
             "period_start":{"type":"string","format":"date"},"period_end":{"type":"string","format":"date"},
             "document_date":{"type":"string","format":"date","description":"The expense date, or the task's due date"}}}}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        RecurringTemplateRoutes.register(
            RecurringExpenseRepository.self, path: "/v1/recurring-expenses", resource: "recurring expense", on: &router, environment: environment,
            write: { template, w in write(template, into: &w) })
        router.post("/v1/recurring-expenses", environment.tenantHandler { r in
            let template = try RecurringExpenseRepository(r.connection).create(try draft(r.request))
            return Response.json(status: .created) { write(template, into: &$0) }
        })
    }

    static func draft(_ request: Request) throws -> RecurringExpenseDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let vendor = r.uuid("vendor_id")
        let category = r.uuid("category_id")
        let amount = r.exactDecimal("amount")
        let currency = ExpenseReading.currency(r)
        let department = r.optionalString("department")
        let project = r.optionalString("project")
        let reference = r.optionalString("reference")
        let notes = r.optionalString("notes")
        let paid = r.optionalBool("paid") ?? false
        let schedule = body.schedule("schedule", required: true)
        try body.finish()
        guard let schedule else { throw Problem.validation([FieldError(pointer: "/schedule", detail: "is required")]) }
        return RecurringExpenseDraft(
            vendorID: vendor, categoryID: category, amount: amount, currency: currency, department: department,
            project: project, reference: reference, notes: notes, paid: paid, schedule: schedule)
    }

    static func write(_ template: RecurringExpense, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(template.id)
            w.key("vendor_id"); w.id(template.vendorID)
            w.key("category_id"); w.id(template.categoryID)
            w.key("amount"); w.money(template.amount.amount, template.amount.currency)
            w.key("currency"); w.string(template.amount.currency.code)
            w.key("department"); w.optionalString(template.department)
            w.key("project"); w.optionalString(template.project)
            w.key("reference"); w.optionalString(template.reference)
            w.key("notes"); w.optionalString(template.notes)
            w.key("paid"); w.bool(template.paid)
            w.key("schedule"); w.raw(template.schedule.json)
            RecurringReading.writeCursor(
                state: template.state, skipThrough: template.skipThrough, lastPostedIndex: template.lastPostedIndex,
                lastPostedDate: template.lastPostedDate, into: &w)
            w.key("created_at"); w.instant(template.createdAt)
        }
    }
}

/// What recurring expenses and recurring tasks share over HTTP: the resume body, the cursor fields, previews.
enum RecurringReading {
    static func catchUp(_ request: Request) throws -> Bool {
        let body = try RequestBody(request)
        let catchUp = body.reader.optionalBool("catch_up") ?? false
        try body.finish()
        return catchUp
    }

    static func writeCursor(
        state: RecurringTemplateState, skipThrough: CalendarDate?, lastPostedIndex: Int?, lastPostedDate: CalendarDate?,
        into w: inout JSONWriter
    ) {
        w.key("state"); w.string(state.wireValue)
        w.key("skip_through"); w.date(skipThrough)
        w.key("last_posted_index")
        if let lastPostedIndex { w.int(lastPostedIndex) } else { w.null() }
        w.key("last_posted_date"); w.date(lastPostedDate)
    }

    static func write(_ previews: [RecurringPreview], into w: inout JSONWriter) {
        w.object { w in
            w.key("data")
            w.array { w in
                for preview in previews {
                    w.object { w in
                        w.key("index"); w.int(preview.occurrence.index)
                        w.key("posting_date"); w.date(preview.occurrence.postingDate)
                        w.key("due_date"); w.date(preview.occurrence.dueDate)
                        w.key("period_start"); w.date(preview.occurrence.periodStart)
                        w.key("period_end"); w.date(preview.occurrence.periodEnd)
                        w.key("document_date"); w.date(preview.documentDate)
                    }
                }
            }
        }
    }
}
