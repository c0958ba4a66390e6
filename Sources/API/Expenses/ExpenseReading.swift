import Domain
import Foundation
import HTTPServer
import Store

/// Reading expense requests: bodies and list filters, every problem at its JSON pointer.
enum ExpenseReading {
    static func draft(_ request: Request, today: CalendarDate) throws -> ExpenseDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let vendor = r.uuid("vendor_id")
        let category = r.uuid("category_id")
        let amount = r.exactDecimal("amount")
        let currency = currency(r)
        let date = r.optionalDate("date") ?? today
        let department = r.optionalString("department")
        let project = r.optionalString("project")
        let campaign = r.optionalString("campaign")
        let reference = r.optionalString("reference")
        let notes = r.optionalString("notes")
        let paid = r.optionalBool("paid") ?? false
        let bank = r.optionalUUID("bank_account_id")
        let taxCode = r.optionalUUID("tax_code_id")
        try body.finish()
        return ExpenseDraft(
            vendorID: vendor, categoryID: category, amount: amount, currency: currency, date: date,
            department: department, project: project, campaign: campaign, reference: reference, notes: notes, paid: paid,
            bankAccountID: bank, taxCodeID: taxCode)
    }

    static func currency(_ r: JSONObjectReader) -> Currency? {
        guard let code = r.optionalString("currency") else { return nil }
        guard let currency = Currency(code: code) else {
            r.addError("currency", "must be an ISO 4217 currency code")
            return nil
        }
        return currency
    }

    static func filter(_ request: Request) throws -> ExpenseFilter {
        var paid: Bool?
        switch request.query("paid") {
        case nil: paid = nil
        case "true": paid = true
        case "false": paid = false
        default: throw Problem.validation([FieldError(pointer: "/paid", detail: "must be true or false")])
        }
        try ReportQuery.checkFormat(request)
        return ExpenseFilter(
            vendorID: try QueryParameters.uuid(request, "vendor_id"), categoryID: try QueryParameters.uuid(request, "category_id"),
            project: request.query("project"), department: request.query("department"),
            from: try QueryParameters.date(request, "from"), through: try QueryParameters.date(request, "to"), paid: paid,
            status: try QueryParameters.enumValue(request, "status", ExpenseStatus.self), campaign: request.query("campaign"))
    }
}
