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
        let details = details(r)
        let bank = r.optionalUUID("bank_account_id")
        let taxCode = r.optionalUUID("tax_code_id")
        try body.finish()
        return ExpenseDraft(
            vendorID: vendor, categoryID: category, amount: amount, currency: currency, date: date,
            department: details.department, project: details.project, campaign: details.campaign,
            reference: details.reference, notes: details.notes, paid: details.paid, bankAccountID: bank, taxCodeID: taxCode)
    }

    /// The members an expense and a recurring expense share after their amount, in this order: its budget
    /// dimensions, reference, notes and whether it is paid at once (default false).
    static func details(_ r: JSONObjectReader) -> (
        department: String?, project: String?, campaign: String?, reference: String?, notes: String?, paid: Bool
    ) {
        (
            r.optionalString("department"), r.optionalString("project"), r.optionalString("campaign"),
            r.optionalString("reference"), r.optionalString("notes"), r.optionalBool("paid") ?? false
        )
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
