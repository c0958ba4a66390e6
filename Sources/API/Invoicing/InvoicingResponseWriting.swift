import Domain
import Foundation
import HTTPServer
import Store

/// Writing invoicing resources: money as decimal strings at the currency's minor units, rates and quantities
/// without trailing zeros, dates `YYYY-MM-DD`, instants ISO 8601, ids lower-case.
extension JSONWriter {
    mutating func id(_ value: UUID) { string(value.uuidString.lowercased()) }

    mutating func optionalID(_ value: UUID?) {
        if let value { id(value) } else { null() }
    }

    /// An amount at exactly the currency's minor units (`240.00`, `1000` for JPY).
    mutating func money(_ value: ExactDecimal, _ currency: Currency) {
        string(value.rounded(toPlaces: currency.minorUnits).description)
    }

    /// A price: at least the currency's minor units, more when it has them (`0.125`).
    mutating func price(_ value: ExactDecimal, _ currency: Currency) {
        string(value.rounded(toPlaces: max(currency.minorUnits, value.significantScale)).description)
    }

    /// A quantity or rate without trailing zeros (`2`, `1.5`, `7.5`).
    mutating func plainDecimal(_ value: ExactDecimal?) {
        if let value { string(value.normalized.description) } else { null() }
    }

    mutating func date(_ value: CalendarDate?) {
        if let value { string(value.description) } else { null() }
    }

    mutating func instant(_ value: Date?) {
        if let value { string(Timestamps.iso8601(value)) } else { null() }
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func discount(_ value: Discount?, _ currency: Currency) {
        guard let value else { return null() }
        object { w in
            w.key("kind"); w.string(value.kind)
            w.key("value")
            switch value {
            case .percent(let percent): w.plainDecimal(percent)
            case .amount(let amount): w.money(amount, currency)
            }
        }
    }

    /// `{"data": [...], "next_cursor": …}`.
    mutating func page<Element>(_ page: Page<Element>, _ write: (inout JSONWriter, Element) -> Void) {
        object { w in
            w.key("data")
            w.array { w in for item in page.items { write(&w, item) } }
            w.key("next_cursor")
            w.optionalString(page.next?.token)
        }
    }
}

/// A line priced from an item (or, on an invoice, free text), as invoices and sales orders show it: the members
/// they share come first in both, written by ``JSONWriter/pricedLine(_:_:)``.
protocol PricedLine {
    var lineNumber: Int { get }
    /// `nil` for an invoice's free-text line.
    var pricedItemID: UUID? { get }
    var description: String { get }
    var quantity: ExactDecimal { get }
    var unitPrice: ExactDecimal { get }
    var discount: Discount? { get }
    var taxRate: ExactDecimal? { get }
    var taxCodeID: UUID? { get }
}

extension InvoiceLine: PricedLine {
    var pricedItemID: UUID? { itemID }
}

extension SalesOrderLine: PricedLine {
    var pricedItemID: UUID? { itemID }
}

extension JSONWriter {
    /// `line_no`, `item_id`, `description`, `quantity`, `unit_price`, `discount`, `tax_rate`, `tax_code_id`.
    mutating func pricedLine(_ line: some PricedLine, _ currency: Currency) {
        key("line_no"); int(line.lineNumber)
        key("item_id"); optionalID(line.pricedItemID)
        key("description"); string(line.description)
        key("quantity"); plainDecimal(line.quantity)
        key("unit_price"); price(line.unitPrice, currency)
        key("discount"); discount(line.discount, currency)
        key("tax_rate"); plainDecimal(line.taxRate)
        key("tax_code_id"); optionalID(line.taxCodeID)
    }
}
