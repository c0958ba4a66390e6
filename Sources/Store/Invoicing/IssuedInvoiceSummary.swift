import Domain
import Foundation

/// What an "invoice issued" e-mail says about its invoice.
struct IssuedInvoiceSummary: Sendable {
    var id: UUID
    var number: String
    var invoiceDate: CalendarDate
    var dueDate: CalendarDate
    var total: ExactDecimal
    var currency: Currency
    var statementReference: String?
    var partyID: UUID
    var partyName: String
    var partyEmail: String?
    /// The posting date of the recurring occurrence it bills; `nil` for other invoices.
    var occurrenceDate: CalendarDate? = nil

    /// Dated later than its occurrence (docs/invoicing.md, "Numbering and dating").
    var isRedated: Bool { occurrenceDate.map { $0 < invoiceDate } ?? false }
}
